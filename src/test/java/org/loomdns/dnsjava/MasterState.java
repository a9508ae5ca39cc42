package org.loomdns.dnsjava;

import java.lang.reflect.Field;
import org.xbill.DNS.Master;
import org.xbill.DNS.Tokenizer;

/**
 * The line dnsjava's zone-file parser stands on, for the reader that goes through {@link Master}
 * ({@code MasterReader}: the reference of the zone reader's differential spec and benchmark; the
 * loader itself no longer uses {@code Master}). {@link Master} keeps its tokenizer private, so the
 * line is read by reflection; when a dnsjava release moves it, {@link #none()}'s answer, line 0, is
 * what that reader gets.
 */
public final class MasterState {

  private static final MasterState DNSJAVA = find();
  private static final MasterState NONE = new MasterState(null, null, null);

  private final Field tokenizer;
  private final Field line;
  private final Field current;

  private MasterState(Field tokenizer, Field line, Field current) {
    this.tokenizer = tokenizer;
    this.line = line;
    this.current = current;
  }

  /** What this dnsjava lets us read. */
  public static MasterState of() {
    return DNSJAVA;
  }

  /** What a dnsjava that moved every field lets us read: nothing; the fallback's answer. */
  static MasterState none() {
    return NONE;
  }

  /** Whether every field was found, so lines are exact. */
  public boolean exact() {
    return tokenizer != null && line != null && current != null;
  }

  /** The line of the record {@code master} read last (1-based), or 0 when that cannot be read. */
  public int line(Master master) {
    try {
      Object t = tokenizer == null ? null : tokenizer.get(master);
      int at = t == null || line == null ? 0 : line.getInt(t);
      // A record ends at its newline, which the tokenizer has already counted.
      Object last = t == null || current == null ? null : current.get(t);
      if (last instanceof Tokenizer.Token token && token.isEOL() && at > 1) {
        at--;
      }
      return at;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return 0;
    }
  }

  private static MasterState find() {
    Field t = field(Master.class, "st");
    return new MasterState(t, t == null ? null : field(Tokenizer.class, "line"),
        t == null ? null : field(Tokenizer.class, "current"));
  }

  private static Field field(Class<?> c, String name) {
    try {
      Field f = c.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
