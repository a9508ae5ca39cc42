package org.loomdns.zone.bind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneBuilder;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Loads a zone from a BIND master file. The origin is the file's {@code $ORIGIN} when it sets one
 * before the first record; otherwise the file's name without a {@code .zone}, {@code .db} or
 * {@code .txt} ending (as Twisted's BindAuthority does), so {@code @} and relative names work
 * in files written for a named.conf {@code zone} statement. {@link RecordReader} reads the records
 * from {@link ZoneText}, which hands it the file with {@code $INCLUDE}s inlined and
 * {@code $GENERATE}s expanded.
 */
public final class BindZoneLoader {

  private static final long DEFAULT_TTL = 3600;

  private BindZoneLoader() {}

  public static Zone load(Path file) throws ZoneLoadException {
    ZoneBuilder builder = new ZoneBuilder(file.toString(), null);
    readInto(file, builder::add);
    return builder.build();
  }

  /** The file's records, read, placed and checked, not yet built; each set's line kept for {@link ZoneBuilder#where}. */
  public static ZoneBuilder read(Path file) throws ZoneLoadException {
    ZoneBuilder builder = new ZoneBuilder(file.toString(), null, true);
    readInto(file, builder::add);
    return builder;
  }

  /** Every record of the file into {@code sink}, each at the file and line it was written at. */
  static void readInto(Path file, RecordSink sink) throws ZoneLoadException {
    String name = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new ZoneLoadException(name, Files.exists(file) ? "not a regular file" : "no such file");
    }
    Name origin = originFromFileName(file);
    try (ZoneText text = new ZoneText(file, origin)) {
      new RecordReader(text, origin, DEFAULT_TTL).readInto(sink);
    } catch (IOException e) {
      throw new ZoneLoadException(name, e.getMessage() == null ? e.toString() : e.getMessage(), e);
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
}
