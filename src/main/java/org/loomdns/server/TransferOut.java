package org.loomdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.loomdns.chain.Outcome;
import org.loomdns.dnsjava.MessageSections;
import org.loomdns.net.Addresses;
import org.loomdns.net.WireLength;
import org.tinylog.Logger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * A zone transfer (AXFR, or IXFR answered in full) sent over TCP as a stream of messages, each
 * filled to about {@link #CHUNK} bytes (RFC 5936 section 2.2). When the request was signed,
 * every message is signed with dnsjava's {@link TSIG.StreamGenerator}, chained to the one
 * before as RFC 8945 section 5.3.1 says. Each transfer is logged in one line.
 */
final class TransferOut {

  /** Transfer messages are filled to about this many bytes, well inside a TCP message. */
  static final int CHUNK = 16_000;
  private static final int TCP_MAX = 65535;
  /** Room for a message's answers at first: CHUNK bytes of short records, as most zones hold. */
  private static final int ANSWERS = 512;

  private TransferOut() {
  }

  /**
   * Sends {@code answer}'s records into {@code sink}, the first of them in {@code first} (the
   * reply's header, question and OPT), signed when {@code tsig} (verified, or null) says so.
   */
  static void send(QueryProcessor.ReplySink sink, Message first, Outcome.Answer answer, TsigCheck.Verdict tsig,
      InetSocketAddress client, long start) throws IOException {
    TSIG.StreamGenerator signer = tsig == null ? null : new TSIG.StreamGenerator(tsig.key().tsig(), tsig.request());
    // dnsjava's own answer section would be a LinkedList, which its toWire reads by index.
    Message message = MessageSections.arrayBacked(first, Section.ANSWER, ANSWERS);
    int size = 0;
    int messages = 0;
    long bytes = 0;
    for (Record r : answer.answer()) {
      int length = WireLength.of(r);
      if (size > 0 && size + length > CHUNK) {
        bytes += send(sink, message, signer);
        messages++;
        message = MessageSections.arrayBacked(continuation(first), Section.ANSWER, ANSWERS);
        size = 0;
      }
      message.addRecord(r, Section.ANSWER);
      size += length;
    }
    bytes += send(sink, message, signer);
    messages++;
    Record q = first.getQuestion();
    Logger.info("transfer out: {} {} to {}: {} records in {} messages, {} bytes, {} ms{}",
        Type.string(q.getType()), q.getName(), Addresses.text(client), answer.answer().size(), messages, bytes,
        (System.nanoTime() - start) / 1_000_000, tsig == null ? "" : ", TSIG key " + tsig.key().name());
  }

  private static int send(QueryProcessor.ReplySink sink, Message message, TSIG.StreamGenerator signer)
      throws IOException {
    byte[] wire;
    if (signer == null) {
      wire = message.toWire(TCP_MAX);
    } else {
      signer.generate(message);
      // Not toWire(limit): it writes the OPT after the TSIG just added, and the TSIG must be last.
      wire = message.toWire();
      if (wire.length > TCP_MAX) {
        throw new IOException("a signed transfer message of " + wire.length + " bytes does not fit in TCP");
      }
    }
    sink.send(wire);
    return wire.length;
  }

  /** A later message of a transfer: the same header, no question (RFC 5936 section 2.2). */
  private static Message continuation(Message first) {
    Message next = new Message(first.getHeader().getID());
    Header h = next.getHeader();
    for (int flag : new int[] {Flags.QR, Flags.AA, Flags.RD, Flags.RA}) {
      if (first.getHeader().getFlag(flag)) {
        h.setFlag(flag);
      }
    }
    h.setOpcode(first.getHeader().getOpcode());
    return next;
  }
}
