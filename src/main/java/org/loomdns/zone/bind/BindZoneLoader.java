package org.loomdns.zone.bind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.loomdns.dnsjava.MasterState;
import org.loomdns.dnsjava.MasterState.Position;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneBuilder;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.Generator;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/**
 * Loads a zone from a BIND master file. The origin is the file's {@code $ORIGIN} when it sets one
 * before the first record; otherwise the file's name without a {@code .zone}, {@code .db} or
 * {@code .txt} ending (as Twisted's BindAuthority does), so {@code @} and relative names work
 * in files written for a named.conf {@code zone} statement.
 */
public final class BindZoneLoader {

  private static final Pattern ERROR_AT = Pattern.compile("^(.*?):(\\d+): (.*)$", Pattern.DOTALL);
  private static final long DEFAULT_TTL = 3600;
  /** Records one {@code $GENERATE} may make: a /16 of PTRs. dnsjava takes 0-4294967295, which never ends. */
  static final long MAX_GENERATED = 65_536;
  /** How deep $INCLUDEs may nest; dnsjava follows them by recursion, without a limit. */
  static final int MAX_INCLUDE_DEPTH = 16;
  private static final Pattern INCLUDE = Pattern.compile("(?im)^\\$INCLUDE[ \\t]+\"?([^\"\\s]+)");

  /** dnsjava's parser's private state (file, line, $GENERATE), through the one adapter that reads it. */
  private static final MasterState PARSER = MasterState.of();

  private BindZoneLoader() {}

  public static Zone load(Path file) throws ZoneLoadException {
    String name = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new ZoneLoadException(name, Files.exists(file) ? "not a regular file" : "no such file");
    }
    checkIncludes(file, new ArrayDeque<>(), new HashSet<>());
    Name origin = originFromFileName(file);
    ZoneBuilder builder = new ZoneBuilder(name, null);
    try (Master master = new Master(name, origin, DEFAULT_TTL)) {
      try {
        Record r;
        while ((r = nextRecord(master, name)) != null) {
          Position at = PARSER.position(master, name);
          checkGenerate(master, at);
          builder.add(r, at.file(), at.line());
        }
      } catch (StackOverflowError e) {
        throw new ZoneLoadException(name, "$INCLUDE nested too deep");
      } finally {
        PARSER.closeIncluded(master);
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

  /**
   * Follows the {@code $INCLUDE} lines before dnsjava does, so a file that includes itself, a chain
   * deeper than {@link #MAX_INCLUDE_DEPTH} or a device such as /dev/zero (which would be read
   * forever) is an error naming its line rather than a stack overflow or a hang.
   */
  private static void checkIncludes(Path file, Deque<Path> chain, Set<Path> done) throws ZoneLoadException {
    Path key = file.toAbsolutePath().normalize();
    if (!done.add(key)) {
      return;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return; // dnsjava says what is wrong with it
    }
    chain.push(key);
    Matcher m = INCLUDE.matcher(text);
    while (m.find()) {
      String at = file + ":" + (1 + text.substring(0, m.start()).chars().filter(c -> c == '\n').count());
      Path included;
      try {
        included = file.resolveSibling(m.group(1));
      } catch (InvalidPathException e) {
        throw new ZoneLoadException(at, "$INCLUDE of something that is no file name");
      }
      if (chain.contains(included.toAbsolutePath().normalize())) {
        throw new ZoneLoadException(at, "$INCLUDE " + m.group(1) + " includes a file that is including it");
      }
      if (chain.size() >= MAX_INCLUDE_DEPTH) {
        throw new ZoneLoadException(at, "$INCLUDE nested more than " + MAX_INCLUDE_DEPTH + " deep");
      }
      if (Files.exists(included) && !Files.isRegularFile(included)) {
        throw new ZoneLoadException(at, "$INCLUDE " + m.group(1) + ": not a regular file");
      }
      checkIncludes(included, chain, done);
    }
    chain.pop();
  }

  private static Record nextRecord(Master master, String name) throws ZoneLoadException, IOException {
    try {
      return master.nextRecord();
    } catch (TextParseException e) {
      // dnsjava's tokenizer already says "file:line: problem"; keep its place, tidy its wording.
      Matcher m = ERROR_AT.matcher(String.valueOf(e.getMessage()));
      if (m.matches()) {
        // dnsjava names the file without its directory; say it as the user wrote it.
        String file = PARSER.position(master, m.group(1)).file();
        throw new ZoneLoadException(file + ":" + m.group(2), m.group(3), e);
      }
      Position at = PARSER.position(master, null);
      throw new ZoneLoadException(at.file() == null ? null : at.file() + ":" + at.line(), e.getMessage(), e);
    } catch (RuntimeException e) {
      // dnsjava lets some mistakes out unchecked: "$GENERATE 1-20/ ..." is a StringIndexOutOfBoundsException.
      Position at = PARSER.position(master, name);
      throw new ZoneLoadException(at.file() + ":" + at.line(), "cannot read this line (" + e + ")", e);
    }
  }

  /** Refuses a {@code $GENERATE} (of any file in the $INCLUDE chain) with too big a range. */
  private static void checkGenerate(Master master, Position at) throws ZoneLoadException {
    for (Generator g : PARSER.generators(master)) {
      if ((g.end - g.start) / g.step >= MAX_GENERATED) {
        throw new ZoneLoadException(at.file() + ":" + at.line(), "$GENERATE " + g.start + "-" + g.end + "/" + g.step
            + " makes more than " + MAX_GENERATED + " records; split it");
      }
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
