package org.loomdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.loomdns.chain.Outcome;
import org.loomdns.dnsjava.MessageSections;
import org.loomdns.net.Addresses;
import org.loomdns.net.WireLength;
import org.loomdns.transferwire.TransferChunks;
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
 * filled to about {@link #CHUNK} bytes (RFC 5936 section 2.2). Each message is this client's
 * header (and, in the first, its question and the reply's OPT) around an answer section that is
 * the same for every client of the zone version: encoded by the first transfer of the version
 * and kept in {@link TransferWire} for the next. When the request was signed, every message is
 * signed, chained to the one before as RFC 8945 section 5.3.1 says. Each transfer is logged in
 * one line.
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
   * reply's header, question and OPT), signed when {@code tsig} (verified, or null) says so,
   * with the answer sections {@code wire} keeps for these records or, encoded here, keeps next.
   */
  static void send(QueryProcessor.ReplySink sink, Message first, Outcome.Answer answer, TsigCheck.Verdict tsig,
      InetSocketAddress client, long start, TransferWire wire) throws IOException {
    List<Record> records = answer.answer();
    Frame frame = new Frame(first, tsig);
    TransferChunks chunks = wire.cached(records);
    long bytes = 0;
    int messages;
    boolean cached = chunks != null && chunks.prefix() == frame.prefix;
    if (cached) {
      messages = chunks.messages();
      for (int i = 0; i < messages; i++) {
        bytes += frame.send(sink, i, chunks.answers(i), chunks.count(i));
      }
    } else {
      TransferChunks.Builder kept = wire.builder(records, frame.prefix);
      messages = 0;
      int from = 0;
      while (from < records.size()) {
        int to = chunkEnd(records, from);
        byte[] section = encode(first.getQuestion(), messages == 0, records.subList(from, to));
        if (kept != null) {
          kept.add(section, to - from);
        }
        bytes += frame.send(sink, messages++, section, to - from);
        from = to;
      }
      if (kept != null) {
        wire.keep(records, kept);
      }
    }
    Record q = first.getQuestion();
    Logger.info("transfer out: {} {} to {}: {} records in {} messages, {} bytes, {} ms, {}{}",
        Type.string(q.getType()), q.getName(), Addresses.text(client), records.size(), messages, bytes,
        (System.nanoTime() - start) / 1_000_000, cached ? "kept wire form" : "encoded",
        tsig == null ? "" : ", TSIG key " + tsig.key().name());
  }

  /** The end of the message that starts at {@code from}: about CHUNK bytes, at least one record. */
  private static int chunkEnd(List<Record> records, int from) {
    int size = WireLength.of(records.get(from));
    int to = from + 1;
    while (to < records.size()) {
      int length = WireLength.of(records.get(to));
      if (size + length > CHUNK) {
        break;
      }
      size += length;
      to++;
    }
    return to;
  }

  /**
   * The answer section of a message holding {@code records}, compressed against the question
   * when it is the first message, and against its own names alone otherwise.
   */
  private static byte[] encode(Record question, boolean firstMessage, List<Record> records) {
    // dnsjava's own answer section would be a LinkedList, which its toWire reads by index.
    Message m = MessageSections.arrayBacked(new Message(0), Section.ANSWER, ANSWERS);
    if (firstMessage) {
      m.addRecord(question, Section.QUESTION);
    }
    for (Record r : records) {
      m.addRecord(r, Section.ANSWER);
    }
    byte[] wire = m.toWire();
    return Arrays.copyOfRange(wire, firstMessage ? answersAt(question) : Header.LENGTH, wire.length);
  }

  /**
   * Where a first message's answers begin: after the header and the question (name, type, class).
   * Kept answer sections are cut there and put back there, so both use this one offset.
   */
  private static int answersAt(Record question) {
    return Header.LENGTH + question.getName().length() + 4;
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
      prefix = answersAt(first.getQuestion());
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
