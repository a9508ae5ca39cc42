package org.loomdns.transferwire;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The answer sections of one whole-zone transfer's messages, in order: each the bytes that follow
 * the message's header and (in the first message only) its question, and how many records it
 * holds. The messages are made in order, once each, one at a time by whichever thread needs one
 * when nobody is making one: a preparation making them all, or a client that is ahead of it; a
 * client that needs one while another thread makes one waits. One maker at a time: a second
 * would take a core from the clients receiving the messages rather than send them sooner. A
 * message's bytes never change once made; the records are let go once every message is.
 */
public final class TransferChunks {

  private final Record question;
  private final int prefix;
  private final int[] counts;
  private final int[] starts;
  private final AtomicReferenceArray<byte[]> answers;
  /** Null once every message is made. */
  private volatile List<Record> records;
  /** The next message to make. */
  private int next;
  /** Whether a thread is making a message now. */
  private boolean making;
  private int made;
  private long bytes;
  private boolean failed;

  /** The chunks of a transfer of {@code records}, a whole zone cut as {@code counts} says, none made yet. */
  TransferChunks(List<Record> records, int[] counts) {
    this.records = records;
    question = Record.newRecord(records.get(0).getName(), Type.AXFR, DClass.IN);
    prefix = TransferEncoder.answersAt(question);
    this.counts = counts;
    starts = new int[counts.length];
    for (int i = 1; i < counts.length; i++) {
      starts[i] = starts[i - 1] + counts[i - 1];
    }
    answers = new AtomicReferenceArray<>(counts.length);
  }

  /** The first message's header and question length these bytes' compression pointers assume. */
  public int prefix() {
    return prefix;
  }

  public int messages() {
    return counts.length;
  }

  /** How many records message {@code i} holds. */
  public int count(int i) {
    return counts[i];
  }

  /**
   * Message {@code i}'s answer section: made, or made now on this thread (with those before it
   * nobody has made), or waited for while another thread makes one. Null when making one failed.
   * Callers only read it.
   */
  public byte[] answers(int i) throws InterruptedException {
    byte[] section = answers.get(i);
    while (section == null) {
      int claimed;
      synchronized (this) {
        while ((section = answers.get(i)) == null && !failed && making) {
          wait();
        }
        if (section != null || failed) {
          return section;
        }
        making = true;
        claimed = next++;
      }
      make(claimed);
      section = answers.get(i);
    }
    return section;
  }

  /** Makes every message nobody has made, on this thread, until it is interrupted. */
  void makeAll() {
    try {
      while (true) {
        int claimed;
        synchronized (this) {
          while (making && !failed) {
            wait();
          }
          if (failed || next == counts.length) {
            return;
          }
          making = true;
          claimed = next++;
        }
        make(claimed);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether every message is made. */
  public synchronized boolean complete() {
    return made == counts.length;
  }

  /** Whether making a message failed: these chunks are not to be handed out again. */
  synchronized boolean failed() {
    return failed;
  }

  /** The bytes of the answer sections made so far: all of them once complete. */
  public synchronized long bytes() {
    return bytes;
  }

  /** Makes message {@code i}, claimed by this thread, and lets the next maker on. */
  private void make(int i) {
    List<Record> from = records;
    byte[] section;
    try {
      section = TransferEncoder.encode(question, i == 0, from.subList(starts[i], starts[i] + counts[i]));
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        failed = true;
        making = false;
        notifyAll();
      }
      throw e;
    }
    synchronized (this) {
      answers.set(i, section);
      bytes += section.length;
      if (++made == counts.length) {
        records = null;
      }
      making = false;
      notifyAll();
    }
  }
}
