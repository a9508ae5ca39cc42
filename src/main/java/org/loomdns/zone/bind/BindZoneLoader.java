package org.loomdns.zone.bind;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneBuilder;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;

/**
 * Loads a zone from a BIND master file. The origin is the file's {@code $ORIGIN} when it sets one
 * before the first record; otherwise the file's name without a {@code .zone}, {@code .db} or
 * {@code .txt} ending (as Twisted's BindAuthority does), so {@code @} and relative names work
 * in files written for a named.conf {@code zone} statement.
 */
public final class BindZoneLoader {

  private static final Pattern ERROR_AT = Pattern.compile("^(.*?):(\\d+): (.*)$", Pattern.DOTALL);
  private static final long DEFAULT_TTL = 3600;

  private BindZoneLoader() {}

  public static Zone load(Path file) throws ZoneLoadException {
    String name = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new ZoneLoadException(name, Files.exists(file) ? "not a regular file" : "no such file");
    }
    Name origin = originFromFileName(file);
    ZoneBuilder builder = new ZoneBuilder(name, null);
    try (Master master = new Master(name, origin, DEFAULT_TTL)) {
      Record r;
      while ((r = nextRecord(master)) != null) {
        Position at = Position.of(master, name);
        builder.add(r, at.file, at.line);
      }
    } catch (ZoneLoadException e) {
      throw e;
    } catch (NoSuchFileException e) {
      throw new ZoneLoadException(name, "$INCLUDE of a missing file: " + e.getFile());
    } catch (IOException e) {
      throw new ZoneLoadException(name, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
    return builder.build();
  }

  private static Record nextRecord(Master master) throws ZoneLoadException, IOException {
    try {
      return master.nextRecord();
    } catch (TextParseException e) {
      // dnsjava's tokenizer already says "file:line: problem"; keep its place, tidy its wording.
      Matcher m = ERROR_AT.matcher(String.valueOf(e.getMessage()));
      if (m.matches()) {
        // dnsjava names the file without its directory; say it as the user wrote it.
        String file = Position.of(master, m.group(1)).file;
        throw new ZoneLoadException(file + ":" + m.group(2), m.group(3), e);
      }
      Position at = Position.of(master, null);
      throw new ZoneLoadException(at.file == null ? null : at.file + ":" + at.line, e.getMessage(), e);
    }
  }

  static Name originFromFileName(Path file) {
    String base = file.getFileName().toString().replaceFirst("\\.(zone|db|txt)$", "");
    if (base.startsWith("db.")) {
      base = base.substring(3);
    }
    try {
      return Name.fromString(base.endsWith(".") ? base : base + ".");
    } catch (TextParseException e) {
      return Name.root;
    }
  }

  /**
   * Where dnsjava's parser stands: the innermost {@code $INCLUDE}d file and its line. dnsjava
   * keeps these private, so they are read by reflection; if a future dnsjava moves them, errors
   * name the zone file without a line rather than failing.
   */
  private record Position(String file, int line) {
    private static final Field INCLUDED = field(Master.class, "included");
    private static final Field TOKENIZER = field(Master.class, "st");
    private static final Field FILE = field(Master.class, "file");
    private static final Field LINE = tokenizerField("line");
    private static final Field CURRENT = tokenizerField("current");

    static Position of(Master master, String fallback) {
      try {
        Master m = master;
        Master inner;
        while (INCLUDED != null && (inner = (Master) INCLUDED.get(m)) != null) {
          m = inner;
        }
        File f = FILE == null ? null : (File) FILE.get(m);
        Object tokenizer = TOKENIZER.get(m);
        int line = LINE == null ? 0 : LINE.getInt(tokenizer);
        // A record ends at its newline, which the tokenizer has already counted.
        Object last = CURRENT == null ? null : CURRENT.get(tokenizer);
        if (last instanceof Tokenizer.Token t && t.isEOL() && line > 1) {
          line--;
        }
        return new Position(f == null ? fallback : f.getPath(), line);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return new Position(fallback, 0);
      }
    }

    private static Field tokenizerField(String name) {
      try {
        return TOKENIZER == null ? null : field(Tokenizer.class, name);
      } catch (RuntimeException e) {
        return null;
      }
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
}
