package org.loomdns.zone.bind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.loomdns.dnsjava.MasterState;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneBuilder;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/**
 * Loads a zone from a BIND master file. The origin is the file's {@code $ORIGIN} when it sets one
 * before the first record; otherwise the file's name without a {@code .zone}, {@code .db} or
 * {@code .txt} ending (as Twisted's BindAuthority does), so {@code @} and relative names work
 * in files written for a named.conf {@code zone} statement. dnsjava parses the records; {@link
 * ZoneText} hands it the file with {@code $INCLUDE}s inlined and {@code $GENERATE}s expanded.
 */
public final class BindZoneLoader {

  private static final Pattern ERROR_AT = Pattern.compile("^(.*?):(\\d+): (.*)$", Pattern.DOTALL);
  private static final long DEFAULT_TTL = 3600;

  /** dnsjava's parser's private line count, through the one adapter that reads it. */
  private static final MasterState PARSER = MasterState.of();

  private BindZoneLoader() {}

  public static Zone load(Path file) throws ZoneLoadException {
    return read(file).build();
  }

  /** The file's records, read and placed but not yet checked and built: see {@link ZoneBuilder#where}. */
  public static ZoneBuilder read(Path file) throws ZoneLoadException {
    String name = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new ZoneLoadException(name, Files.exists(file) ? "not a regular file" : "no such file");
    }
    Name origin = originFromFileName(file);
    ZoneBuilder builder = new ZoneBuilder(name, null);
    try (ZoneText text = new ZoneText(file, origin);
        Master master = new Master(text, origin, DEFAULT_TTL)) {
      Record r;
      while ((r = nextRecord(master, text)) != null) {
        ZoneText.Origin at = text.at(PARSER.line(master));
        builder.add(r, at.file(), at.line());
      }
    } catch (ZoneText.Failed e) {
      throw e.error;
    } catch (IOException e) {
      throw new ZoneLoadException(name, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
    return builder;
  }

  private static Record nextRecord(Master master, ZoneText text) throws ZoneLoadException, IOException {
    try {
      return master.nextRecord();
    } catch (ZoneText.Failed e) {
      throw e;
    } catch (TextParseException e) {
      // dnsjava's tokenizer says "<none>:line: problem" of the text it was given; say where that came from.
      Matcher m = ERROR_AT.matcher(String.valueOf(e.getMessage()));
      ZoneText.Origin at = text.at(m.matches() ? Long.parseLong(m.group(2)) : PARSER.line(master));
      String problem = m.matches() ? m.group(3) : String.valueOf(e.getMessage());
      throw new ZoneLoadException(at.at(), at.generated() ? "$GENERATE made a bad record: " + problem : problem, e);
    } catch (RuntimeException e) {
      // dnsjava lets some mistakes out unchecked; the line is still the user's to fix.
      ZoneText.Origin at = text.at(PARSER.line(master));
      throw new ZoneLoadException(at.at(), "cannot read this line (" + e + ")", e);
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
