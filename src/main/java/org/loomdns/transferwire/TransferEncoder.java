package org.loomdns.transferwire;

import java.util.Arrays;
import java.util.List;
import org.loomdns.dnsjava.MessageSections;
import org.loomdns.net.WireLength;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * How a transfer's records are cut into messages and each message's answer section encoded: the
 * one way for a transfer encoded as it goes and for one prepared ahead, so both give the same
 * bytes.
 */
public final class TransferEncoder {

  /** Transfer messages are filled to about this many bytes, well inside a TCP message. */
  public static final int CHUNK = 16_000;
  /** Room for a message's answers at first: CHUNK bytes of short records, as most zones hold. */
  private static final int ANSWERS = 512;

  private TransferEncoder() {
  }

  /**
   * How a transfer's records are cut into messages.
   *
   * @param counts how many records each message holds: about CHUNK bytes of them, at least one
   * @param most the records' lengths uncompressed, which is at least what they take in messages
   */
  public record Cut(int[] counts, long most) {}

  /** Cuts {@code records} into messages, measuring each record once. */
  public static Cut cut(List<Record> records) {
    int[] counts = new int[64];
    int messages = 0;
    int from = 0;
    int size = 0;
    long most = 0;
    for (int i = 0; i < records.size(); i++) {
      int length = WireLength.of(records.get(i));
      most += length;
      if (i > from && size + length > CHUNK) {
        if (messages == counts.length) {
          counts = Arrays.copyOf(counts, messages * 2);
        }
        counts[messages++] = i - from;
        from = i;
        size = 0;
      }
      size += length;
    }
    if (messages == counts.length) {
      counts = Arrays.copyOf(counts, messages + 1);
    }
    counts[messages++] = records.size() - from;
    return new Cut(Arrays.copyOf(counts, messages), most);
  }

  /**
   * The answer section of a message holding {@code records}, compressed against the question
   * when it is the first message, and against its own names alone otherwise.
   */
  public static byte[] encode(Record question, boolean firstMessage, List<Record> records) {
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
  public static int answersAt(Record question) {
    return Header.LENGTH + question.getName().length() + 4;
  }
}
