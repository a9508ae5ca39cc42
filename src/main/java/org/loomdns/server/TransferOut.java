package org.loomdns.server;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.loomdns.chain.Outcome;
import org.loomdns.net.Addresses;
import org.loomdns.transferwire.TransferChunks;
import org.loomdns.transferwire.TransferEncoder;
import org.loomdns.transferwire.TransferWire;
import org.tinylog.Logger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * A zone transfer (AXFR, or IXFR answered in full) sent over TCP as a stream of messages, each
 * filled to about {@link TransferEncoder#CHUNK} bytes (RFC 5936 section 2.2). Each message is this
 * client's header (and, in the first, its question and the reply's OPT) around an answer section
 * that is the same for every client of the zone version, kept in {@link TransferWire}: made there
 * ahead of the first client when the zone's version was prepared, else by the first client, each
 * message as it is needed, for the next. An IXFR increment is encoded as it goes. When the
 * request was signed, every message is signed, chained to the one before as RFC 8945 section
 * 5.3.1 says. Each transfer is logged in one line.
 */
final class TransferOut {

  private static final int TCP_MAX = 65535;

  private TransferOut() {
  }

  /**
   * Sends {@code answer}'s records into {@code sink}, the first of them in {@code first} (the
   * reply's header, question and OPT), signed when {@code tsig} (verified, or null) says so,
   * with the answer sections {@code wire} keeps for these records (made here if nobody has yet).
   */
  static void send(QueryProcessor.ReplySink sink, Message first, Outcome.Answer answer, TsigCheck.Verdict tsig,
      InetSocketAddress client, long start, TransferWire wire) throws IOException {
    List<Record> records = answer.answer();
    Frame frame = new Frame(first, tsig);
    TransferChunks chunks = wire.chunks(records);
    long bytes = 0;
    int messages;
    boolean kept = chunks != null && chunks.prefix() == frame.prefix;
    if (kept) {
      messages = chunks.messages();
      for (int i = 0; i < messages; i++) {
        bytes += frame.send(sink, i, section(chunks, i), chunks.count(i));
      }
    } else {
      int[] counts = TransferEncoder.cut(records).counts();
      messages = counts.length;
      int from = 0;
      for (int i = 0; i < messages; i++) {
        int to = from + counts[i];
        byte[] section = TransferEncoder.encode(first.getQuestion(), i == 0, records.subList(from, to));
        bytes += frame.send(sink, i, section, to - from);
        from = to;
      }
    }
    Record q = first.getQuestion();
    Logger.info("transfer out: {} {} to {}: {} records in {} messages, {} bytes, {} ms, {}{}",
        Type.string(q.getType()), q.getName(), Addresses.text(client), records.size(), messages, bytes,
        (System.nanoTime() - start) / 1_000_000, kept ? "kept wire form" : "encoded",
        tsig == null ? "" : ", TSIG key " + tsig.key().name());
  }

  /** Message {@code i}'s kept answers: made already, made now, or waited for while another makes them. */
  private static byte[] section(TransferChunks chunks, int i) throws IOException {
    try {
      byte[] section = chunks.answers(i);
      if (section == null) {
        throw new IOException("the transfer's preparation failed at message " + i);
      }
      return section;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while message " + i + " was being prepared");
    }
  }

  /** One client's part of each message: its header, question and OPT, and the signature. */
  private static final class Frame {

    /** The first message without answers: header, question, the OPT if any. */
    private final byte[] head;
    /** Where the answers go in the first message: after the header and question. */
    final int prefix;
    /** A later message's header: the same, no question (RFC 5936 section 2.2). */
    private final byte[] later;
    private final TSIG key;
    private final Message id;
    private TSIGRecord last;

    Frame(Message first, TsigCheck.Verdict tsig) {
      head = first.toWire();
      prefix = TransferEncoder.answersAt(first.getQuestion());
      later = continuation(first).toWire();
      key = tsig == null ? null : tsig.key().tsig();
      last = tsig == null ? null : tsig.request();
      id = new Message(first.getHeader().getID());
    }

    /** Sends message {@code index} with {@code section} as its answers; returns its length. */
    int send(QueryProcessor.ReplySink sink, int index, byte[] section, int count) throws IOException {
      byte[] around = index == 0 ? head : later;
      int at = index == 0 ? prefix : Header.LENGTH;
      int unsigned = around.length + section.length;
      byte[] wire = new byte[unsigned];
      System.arraycopy(around, 0, wire, 0, at);
      System.arraycopy(section, 0, wire, at, section.length);
      System.arraycopy(around, at, wire, at + section.length, around.length - at);
      wire[6] = (byte) (count >>> 8);
      wire[7] = (byte) count;
      if (key != null) {
        // The MAC covers the message as it is before the TSIG: the OPT last, ARCOUNT without it.
        last = key.generate(id, wire, Rcode.NOERROR, last, index == 0);
        byte[] tsigWire = last.toWire(Section.ADDITIONAL);
        wire = Arrays.copyOf(wire, unsigned + tsigWire.length);
        System.arraycopy(tsigWire, 0, wire, unsigned, tsigWire.length);
        int additional = ((wire[10] & 0xFF) << 8 | (wire[11] & 0xFF)) + 1;
        wire[10] = (byte) (additional >>> 8);
        wire[11] = (byte) additional;
      }
      if (wire.length > TCP_MAX) {
        throw new IOException("a transfer message of " + wire.length + " bytes does not fit in TCP");
      }
      sink.send(wire);
      return wire.length;
    }

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
}
