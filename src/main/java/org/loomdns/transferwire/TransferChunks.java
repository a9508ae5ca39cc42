package org.loomdns.transferwire;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The answer sections of one whole-zone transfer's messages, in order: each the bytes that follow
 * the message's header and (in the first message only) its question, and how many records it
 * holds. Each message is made once, by whichever thread claims it first: a preparation making
 * them all, or a client that needs one nobody has claimed yet; a client that needs one another
 * thread is making waits for it. A message's bytes never change once made. The records are let go
 * once every message is made.
 */
public final class TransferChunks {

  private final Record question;
  private final int prefix;
  private final int[] counts;
  private final int[] starts;
  private final AtomicReferenceArray<byte[]> answers;
  /** The next message nobody has claimed; past the end once all are. */
  private final AtomicInteger next = new AtomicInteger();
  /** Null once every message is made. */
  private volatile List<Record> records;
  private int made;
  private long bytes;
  private boolean failed;

  /** The chunks of a transfer of {@code records}, a whole zone, none of them made yet. */
  TransferChunks(List<Record> records) {
    this.records = records;
    question = Record.newRecord(records.get(0).getName(), Type.AXFR, DClass.IN);
    prefix = TransferEncoder.answersAt(question);
    counts = TransferEncoder.cut(records);
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
   * Message {@code i}'s answer section: made, or made now on this thread (with any unclaimed ones
   * before it), or waited for while another thread makes it. Null when making it failed. Callers
   * only read it.
   */
  public byte[] answers(int i) throws InterruptedException {
    byte[] section = answers.get(i);
    while (section == null) {
      int claimed = next.get() <= i ? next.getAndIncrement() : counts.length;
      if (claimed < counts.length) {
        make(claimed);
        section = answers.get(i);
        continue;
      }
      synchronized (this) {
        while ((section = answers.get(i)) == null && !failed) {
          wait();
        }
      }
      return section;
    }
    return section;
  }

  /** Makes every message nobody has claimed, on this thread, until it is interrupted. */
  void makeAll() {
    int claimed;
    while (!Thread.currentThread().isInterrupted() && (claimed = next.getAndIncrement()) < counts.length) {
      make(claimed);
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

  private void make(int i) {
    List<Record> from = records;
    byte[] section;
    try {
      section = TransferEncoder.encode(question, i == 0, from.subList(starts[i], starts[i] + counts[i]));
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        failed = true;
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
      notifyAll();
    }
  }
}
