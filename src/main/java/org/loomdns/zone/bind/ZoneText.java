package org.loomdns.zone.bind;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * A zone file as {@link RecordReader} is given it: the lines of the file, each {@code $INCLUDE}d file's
 * lines in its place, and each {@code $GENERATE} line replaced by the records it makes, written out
 * as zone-file lines (see {@link Generate}), so that dnsjava's own {@code $GENERATE} (six types
 * only) and {@code $INCLUDE} (unbounded recursion) are never used. Read lazily, a line at a time:
 * a file is never held whole, nor a {@code $GENERATE}'s records. Keeps which file and line each
 * line it hands out came from ({@link Line}), for error messages and record positions.
 *
 * <p>As in BIND, an included file starts with the including file's origin (or the one its
 * {@code $INCLUDE} names) and owner; after it, and after generated records, the including file's
 * {@code $ORIGIN} and last written owner (what a blank owner stands for) are restored. A
 * {@code $TTL} in an included file holds on after it, as BIND has it (dnsjava's own parser forgot it).
 */
final class ZoneText implements AutoCloseable {

  /** How deep $INCLUDEs may nest. */
  static final int MAX_INCLUDE_DEPTH = 16;

  /** One file being read: where it stands, and what a record in it is completed with. */
  private static final class Source {
    final Path path;
    final String name;
    final InputStream in;
    int line;
    int parens;
    Name origin;
    /** The line of the last written owner; its first field is taken only when needed. */
    String ownerLine;
    Name ownerOrigin;
    boolean ownerHidden;

    /** Read ahead in blocks: a zone of a million lines is read a block at a time, not a byte. */
    private final byte[] buf = new byte[64 * 1024];
    private int start;
    private int end;

    Source(Path path, String name, InputStream in) {
      this.path = path;
      this.name = name;
      this.in = in;
    }

    /** The next physical line without its newline (bytes as ISO-8859-1, as dnsjava reads them), or null at the end. */
    String readLine() throws IOException {
      ByteArrayOutputStream longer = null;
      while (true) {
        for (int i = start; i < end; i++) {
          if (buf[i] == '\n') {
            String text = text(longer, i);
            start = i + 1;
            line++;
            return text;
          }
        }
        if (end > start) {
          longer = longer == null ? new ByteArrayOutputStream(end - start + 128) : longer;
          longer.write(buf, start, end - start);
        }
        start = 0;
        end = Math.max(0, in.read(buf));
        if (end == 0) {
          if (longer == null) {
            return null;
          }
          line++;
          return longer.toString(StandardCharsets.ISO_8859_1);
        }
      }
    }

    private String text(ByteArrayOutputStream longer, int newline) {
      if (longer == null) {
        return new String(buf, start, newline - start, StandardCharsets.ISO_8859_1);
      }
      longer.write(buf, start, newline - start);
      return longer.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** A line handed out, and where it came from: its file, its line there, and whether a $GENERATE made it. */
  record Line(String text, String file, int line, boolean generated) {
    String at() {
      return file + ":" + line;
    }
  }

  private final Deque<Source> open = new ArrayDeque<>();
  private final Deque<Line> made = new ArrayDeque<>();
  private Generate generate;
  private long next;
  private String generateAt;

  ZoneText(Path file, Name origin) throws ZoneLoadException {
    Source top = openSource(file, file.toString(), file.toString());
    top.origin = origin;
    open.push(top);
  }

  /** The next line of the zone, or null at its end. */
  Line next() throws IOException, ZoneLoadException {
    while (made.isEmpty()) {
      if (!nextLine()) {
        return null;
      }
    }
    return made.poll();
  }

  @Override
  public void close() {
    while (!open.isEmpty()) {
      closeQuietly(open.pop().in);
    }
  }

  /** Makes the next line to hand out; false at the end of the zone. */
  private boolean nextLine() throws IOException, ZoneLoadException {
    if (generate != null) {
      Source s = open.peek();
      emit(generate.line(next, generateAt), s.name, s.line, true);
      next += generate.step;
      if (next > generate.stop) {
        generate = null;
        s.ownerHidden = true;
      }
      return true;
    }
    Source s = open.peek();
    if (s == null) {
      return false;
    }
    String line = s.readLine();
    if (line == null) {
      closeQuietly(open.pop().in);
      Source parent = open.peek();
      if (parent != null) {
        // The included file's $ORIGIN and owners end with it; its $TTL holds on, as in BIND.
        emit("$ORIGIN " + parent.origin, parent.name, parent.line, false);
        parent.ownerHidden = true;
      }
      return true;
    }
    boolean entry = s.parens == 0;
    s.parens = parensAfter(line, s.parens);
    if (!entry || line.isEmpty()) {
      emit(line, s.name, s.line, false);
    } else if (line.charAt(0) == '$') {
      directive(s, line);
    } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
      emit(s.ownerHidden && !blank(line) ? ownerOf(s) + line : line, s.name, s.line, false);
    } else {
      s.ownerLine = line;
      s.ownerOrigin = s.origin;
      s.ownerHidden = false;
      emit(line, s.name, s.line, false);
    }
    return true;
  }

  private void directive(Source s, String line) throws ZoneLoadException {
    String at = s.name + ":" + s.line;
    String[] f = line.trim().split("[ \\t]+", 3);
    String word = f[0];
    if (word.equalsIgnoreCase("$GENERATE")) {
      generate = Generate.parse(line, at);
      next = generate.start;
      generateAt = at;
      return;
    }
    if (word.equalsIgnoreCase("$INCLUDE") && f.length > 1) {
      include(s, f, at);
      return;
    }
    if (word.equalsIgnoreCase("$ORIGIN") && f.length > 1) {
      try {
        s.origin = Name.fromString(f[1], Name.root);
      } catch (TextParseException e) {
        // dnsjava's parser says what is wrong with it
      }
    }
    emit(line, s.name, s.line, false);
  }

  private void include(Source s, String[] f, String at) throws ZoneLoadException {
    String file = f[1].replace("\"", "");
    if (open.size() >= MAX_INCLUDE_DEPTH) {
      throw new ZoneLoadException(at, "$INCLUDE nested more than " + MAX_INCLUDE_DEPTH + " deep");
    }
    Path included;
    try {
      included = s.path.resolveSibling(file);
    } catch (InvalidPathException e) {
      throw new ZoneLoadException(at, "$INCLUDE of something that is no file name");
    }
    Path key = included.toAbsolutePath().normalize();
    for (Source o : open) {
      if (o.path.toAbsolutePath().normalize().equals(key)) {
        throw new ZoneLoadException(at, "$INCLUDE " + file + " includes a file that is including it");
      }
    }
    Source child = openSource(included, included.toString(), at);
    child.origin = s.origin;
    child.ownerLine = s.ownerLine;
    child.ownerOrigin = s.ownerOrigin;
    child.ownerHidden = s.ownerHidden;
    String originField = f.length > 2 ? f[2].split("[ \\t]+")[0] : "";
    if (!originField.isEmpty() && !originField.startsWith(";")) {
      try {
        child.origin = Name.fromString(originField, Name.root);
      } catch (TextParseException e) {
        closeQuietly(child.in);
        throw new ZoneLoadException(at, "$INCLUDE origin: " + e.getMessage());
      }
      open.push(child);
      emit("$ORIGIN " + child.origin, s.name, s.line, false);
      return;
    }
    open.push(child);
  }

  private static Source openSource(Path path, String name, String at) throws ZoneLoadException {
    String what = at.equals(name) ? "" : "$INCLUDE " + path.getFileName() + ": ";
    if (!Files.exists(path)) {
      throw new ZoneLoadException(at, at.equals(name) ? "no such file" : "$INCLUDE of a missing file: " + path);
    }
    if (!Files.isRegularFile(path)) {
      // /dev/zero would be read forever.
      throw new ZoneLoadException(at, what + "not a regular file");
    }
    try {
      return new Source(path, name, Files.newInputStream(path));
    } catch (IOException e) {
      throw new ZoneLoadException(at, what + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  private void emit(String line, String file, int at, boolean generated) {
    made.add(new Line(line, file, at, generated));
  }

  /** The owner the last written record of {@code s} had, absolute, and a blank to follow it; "" when unknown. */
  private static String ownerOf(Source s) {
    try {
      return s.ownerLine == null ? "" : Name.fromString(firstField(s.ownerLine), s.ownerOrigin).toString();
    } catch (TextParseException e) {
      return "";
    }
  }

  private static boolean blank(String line) {
    String t = line.strip();
    return t.isEmpty() || t.startsWith(";");
  }

  private static String firstField(String line) {
    int end = 0;
    while (end < line.length() && " \t;(".indexOf(line.charAt(end)) < 0) {
      end += line.charAt(end) == '\\' && end + 1 < line.length() ? 2 : 1;
    }
    return line.substring(0, end);
  }

  /** How many parentheses are open after {@code line}: a record may span lines inside them. */
  static int parensAfter(String line, int open) {
    if (open == 0 && line.indexOf('(') < 0) {
      // Most lines: nothing to count, found by the JDK's fast search instead of the loop below.
      return 0;
    }
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == ';') {
        break;
      } else if (!quoted && c == '(') {
        open++;
      } else if (!quoted && c == ')' && open > 0) {
        open--;
      }
    }
    return open;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing was written to it
    }
  }
}
