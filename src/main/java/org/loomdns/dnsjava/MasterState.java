package org.loomdns.dnsjava;

import java.io.File;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Generator;
import org.xbill.DNS.Master;
import org.xbill.DNS.Tokenizer;

/**
 * Where dnsjava's zone-file parser stands: the innermost {@code $INCLUDE}d file and its line, the
 * {@code $GENERATE} it is expanding, the files it has open. {@link Master} keeps all of these
 * private, so they are read by reflection; when a dnsjava release moves them, {@link #none()}'s
 * answers are what the loader gets: the zone file it was given, line 0, no check of
 * {@code $GENERATE}, included files left to the garbage collector.
 */
public final class MasterState {

  /** Where the parser stands: a file name as the user would write it, and a line (0 when unknown). */
  public record Position(String file, int line) {}

  private static final MasterState DNSJAVA = find();
  private static final MasterState NONE = new MasterState(null, null, null, null, null, null);

  private final Field included;
  private final Field generator;
  private final Field tokenizer;
  private final Field file;
  private final Field line;
  private final Field current;

  private MasterState(Field included, Field generator, Field tokenizer, Field file, Field line, Field current) {
    this.included = included;
    this.generator = generator;
    this.tokenizer = tokenizer;
    this.file = file;
    this.line = line;
    this.current = current;
  }

  /** What this dnsjava lets us read. */
  public static MasterState of() {
    return DNSJAVA;
  }

  /** What a dnsjava that moved every field lets us read: nothing; the fallbacks' answers. */
  static MasterState none() {
    return NONE;
  }

  /** Whether every field was found, so positions are exact. */
  public boolean exact() {
    return included != null && generator != null && tokenizer != null && file != null && line != null
        && current != null;
  }

  /** Where {@code master} stands; {@code fallback} and line 0 when that cannot be read. */
  public Position position(Master master, String fallback) {
    try {
      Master m = innermost(master);
      File f = file == null ? null : (File) file.get(m);
      Object t = tokenizer == null ? null : tokenizer.get(m);
      int at = t == null || line == null ? 0 : line.getInt(t);
      // A record ends at its newline, which the tokenizer has already counted; a $GENERATE
      // line's newline is put back (uncounted) while it makes records.
      Object last = t == null || current == null ? null : current.get(t);
      boolean generating = generator != null && generator.get(m) != null;
      if (last instanceof Tokenizer.Token token && token.isEOL() && at > 1 && !generating) {
        at--;
      }
      return new Position(f == null ? fallback : f.getPath(), at);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new Position(fallback, 0);
    }
  }

  /** The {@code $GENERATE}s being expanded in {@code master} and the files it includes. */
  public List<Generator> generators(Master master) {
    List<Generator> out = new ArrayList<>();
    try {
      for (Master m = master; m != null && generator != null; m = next(m)) {
        if (generator.get(m) instanceof Generator g) {
          out.add(g);
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // nothing more can be read
    }
    return out;
  }

  /** Closes the files {@code master} has {@code $INCLUDE}d: dnsjava closes one at its end, not when the zone fails first. */
  public void closeIncluded(Master master) {
    try {
      for (Master m = next(master); m != null; m = next(m)) {
        m.close();
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // left to the garbage collector's cleaner
    }
  }

  private Master innermost(Master master) throws ReflectiveOperationException {
    Master m = master;
    Master inner;
    while ((inner = next(m)) != null) {
      m = inner;
    }
    return m;
  }

  private Master next(Master m) throws ReflectiveOperationException {
    return included == null ? null : (Master) included.get(m);
  }

  private static MasterState find() {
    Field tokenizer = field(Master.class, "st");
    return new MasterState(field(Master.class, "included"), field(Master.class, "generator"), tokenizer,
        field(Master.class, "file"), tokenizer == null ? null : field(Tokenizer.class, "line"),
        tokenizer == null ? null : field(Tokenizer.class, "current"));
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
