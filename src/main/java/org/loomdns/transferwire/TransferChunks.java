package org.loomdns.transferwire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The answer sections of one transfer's messages, in order: each the bytes that follow the
 * message's header and (in the first message only) its question, and how many records it holds.
 * Immutable once built.
 */
public final class TransferChunks {

  private final int prefix;
  private final List<byte[]> answers;
  private final int[] counts;
  private final long bytes;

  private TransferChunks(int prefix, List<byte[]> answers, int[] counts, long bytes) {
    this.prefix = prefix;
    this.answers = List.copyOf(answers);
    this.counts = counts;
    this.bytes = bytes;
  }

  /** The first message's header and question length these bytes' compression pointers assume. */
  public int prefix() {
    return prefix;
  }

  public int messages() {
    return answers.size();
  }

  /** Message {@code i}'s answer section; callers only read it. */
  public byte[] answers(int i) {
    return answers.get(i);
  }

  /** How many records message {@code i} holds. */
  public int count(int i) {
    return counts[i];
  }

  /** The bytes of all answer sections together. */
  public long bytes() {
    return bytes;
  }

  /** Collects one transfer's chunks as it sends them, up to a bound. */
  public static final class Builder {

    private final int prefix;
    private final long limit;
    private final List<byte[]> answers = new ArrayList<>();
    private int[] counts = new int[64];
    private long bytes;
    private boolean over;

    Builder(int prefix, long limit) {
      this.prefix = prefix;
      this.limit = limit;
    }

    /** Adds the next message's answer section; past the limit the builder keeps nothing. */
    public void add(byte[] section, int count) {
      if (over) {
        return;
      }
      bytes += section.length;
      if (bytes > limit) {
        over = true;
        answers.clear();
        return;
      }
      if (answers.size() == counts.length) {
        counts = Arrays.copyOf(counts, counts.length * 2);
      }
      counts[answers.size()] = count;
      answers.add(section);
    }

    /** The chunks, or null when they went past the limit. */
    TransferChunks build() {
      return over ? null : new TransferChunks(prefix, answers, Arrays.copyOf(counts, answers.size()), bytes);
    }
  }
}
