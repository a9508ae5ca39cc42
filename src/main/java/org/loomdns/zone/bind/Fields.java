package org.loomdns.zone.bind;

import java.util.Arrays;
import java.util.List;

/**
 * The fields of one record's lines, split as dnsjava's tokenizer splits them, for the plain text
 * most zone files hold: blanks, comments, parentheses and quoted strings without escapes. Anything
 * else (a backslash, a lone carriage return, a quote left open, a parenthesis closed too often) is
 * not split at all ({@link #split} answers false) and is left to dnsjava's tokenizer, whose reading
 * and whose error messages are then the ones the user gets.
 */
final class Fields {

  /** Each field's line and place in it; its text is cut out only when asked for. */
  private String[] lines = new String[16];
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private String[] values = new String[16];
  private boolean[] quoted = new boolean[16];
  private int count;
  private boolean blankOwner;

  /**
   * Splits {@code lines} (one record, its first line first) into these fields, which then hold
   * them until the next split; false when dnsjava must split them.
   */
  boolean split(List<String> lines) {
    count = 0;
    String first = lines.getFirst();
    blankOwner = !first.isEmpty() && (first.charAt(0) == ' ' || first.charAt(0) == '\t');
    int depth = 0;
    for (String line : lines) {
      depth = add(line, depth);
      if (depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  /** Adds the fields of {@code line}; the parentheses open after it, or -1 when dnsjava must read it. */
  private int add(String line, int depth) {
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    int i = 0;
    while (i < end) {
      char c = line.charAt(i);
      switch (c) {
        case ' ', '\t' -> i++;
        case ';' -> i = end;
        case '(' -> {
          depth++;
          i++;
        }
        case ')' -> {
          if (--depth < 0) {
            return -1;
          }
          i++;
        }
        case '"' -> {
          int close = line.indexOf('"', i + 1);
          if (close < 0 || close >= end || line.indexOf('\\', i + 1, close) >= 0
              || line.indexOf('\r', i + 1, close) >= 0) {
            return -1;
          }
          push(line, i + 1, close, true);
          i = close + 1;
        }
        default -> {
          int start = i;
          while (i < end && !delimiter(line.charAt(i))) {
            if (line.charAt(i) == '\\' || line.charAt(i) == '\r') {
              return -1;
            }
            i++;
          }
          push(line, start, i, false);
        }
      }
    }
    return depth;
  }

  private static boolean delimiter(char c) {
    return c == ' ' || c == '\t' || c == ';' || c == '(' || c == ')' || c == '"';
  }

  private void push(String line, int start, int end, boolean isQuoted) {
    if (count == values.length) {
      lines = Arrays.copyOf(lines, count * 2);
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
      values = Arrays.copyOf(values, count * 2);
      quoted = Arrays.copyOf(quoted, count * 2);
    }
    lines[count] = line;
    starts[count] = start;
    ends[count] = end;
    values[count] = null;
    quoted[count++] = isQuoted;
  }

  /** Whether the record's first line starts with a blank: its owner is the previous record's. */
  boolean blankOwner() {
    return blankOwner;
  }

  int count() {
    return count;
  }

  String get(int i) {
    if (values[i] == null) {
      values[i] = lines[i].substring(starts[i], ends[i]);
    }
    return values[i];
  }

  /** Whether field {@code i} is {@code word} (upper case ASCII) in any case, as dnsjava's mnemonics match. */
  boolean is(int i, String word) {
    return ends[i] - starts[i] == word.length() && lines[i].regionMatches(true, starts[i], word, 0, word.length());
  }

  /** Whether field {@code i} starts with a digit: only then may it be a TTL. */
  boolean digitFirst(int i) {
    return ends[i] > starts[i] && Character.isDigit(lines[i].charAt(starts[i]));
  }

  boolean quoted(int i) {
    return quoted[i];
  }
}
