package org.loomdns.zone.bind;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.loomdns.dnsjava.MasterState;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/**
 * The zone reader as it was before {@link RecordReader}: dnsjava's {@link Master} over the lines of
 * {@link ZoneText}, each record placed at the line dnsjava's tokenizer stood on. The reference the
 * differential spec holds the new reader to, and the "before" of its benchmark.
 */
final class MasterReader {

  private static final Pattern ERROR_AT = Pattern.compile("^(.*?):(\\d+): (.*)$", Pattern.DOTALL);
  private static final MasterState PARSER = MasterState.of();

  private MasterReader() {}

  static void read(Path file, RecordSink sink) throws ZoneLoadException {
    String name = file.toString();
    Name origin = BindZoneLoader.originFromFileName(file);
    try (Lines text = new Lines(new ZoneText(file, origin));
        Master master = new Master(text, origin, 3600)) {
      Record r;
      while ((r = nextRecord(master, text)) != null) {
        ZoneText.Line at = text.at(PARSER.line(master));
        sink.add(r, at.file(), at.line());
      }
    } catch (Failed e) {
      throw e.error;
    } catch (IOException e) {
      throw new ZoneLoadException(name, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
  }

  private static Record nextRecord(Master master, Lines text) throws ZoneLoadException, IOException {
    try {
      return master.nextRecord();
    } catch (Failed e) {
      throw e;
    } catch (TextParseException e) {
      Matcher m = ERROR_AT.matcher(String.valueOf(e.getMessage()));
      ZoneText.Line at = text.at(m.matches() ? Long.parseLong(m.group(2)) : PARSER.line(master));
      String problem = m.matches() ? m.group(3) : String.valueOf(e.getMessage());
      throw new ZoneLoadException(at.at(), at.generated() ? "$GENERATE made a bad record: " + problem : problem, e);
    } catch (RuntimeException e) {
      ZoneText.Line at = text.at(PARSER.line(master));
      throw new ZoneLoadException(at.at(), "cannot read this line (" + e + ")", e);
    }
  }

  /** From line {@code first} of the stream on, lines come from {@code from}'s file from its line on (or all at it when {@code fixed}: a $GENERATE's). */
  private record Span(long first, ZoneText.Line from, boolean fixed) {}

  /** ZoneText's lines as the bytes dnsjava's tokenizer reads, remembering where each came from. */
  private static final class Lines extends BufferedInputStream {
    private final ZoneText text;
    private final List<Span> spans = new ArrayList<>();
    private ZoneText.Line last;
    private long written;
    private byte[] current = new byte[0];
    private int pos;

    Lines(ZoneText text) {
      super(InputStream.nullInputStream(), 1);
      this.text = text;
    }

    ZoneText.Line at(long n) {
      int lo = 0;
      int hi = spans.size() - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (spans.get(mid).first() <= n) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      if (spans.isEmpty()) {
        return new ZoneText.Line("", null, 0, false);
      }
      Span s = spans.get(lo);
      int line = s.fixed() ? s.from().line() : (int) (s.from().line() + n - s.first());
      return new ZoneText.Line("", s.from().file(), line, s.from().generated());
    }

    @Override
    public int read() throws IOException {
      return fill() ? current[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return current.length - pos;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() {
      text.close();
    }

    private boolean fill() throws IOException {
      try {
        while (pos >= current.length) {
          ZoneText.Line line = text.next();
          if (line == null) {
            return false;
          }
          written++;
          Span span = spans.isEmpty() ? null : spans.getLast();
          boolean continues = span != null && !span.fixed() && !line.generated()
              && line.file().equals(last.file()) && line.line() == last.line() + 1;
          boolean repeats = span != null && span.fixed() && line.generated()
              && line.file().equals(last.file()) && line.line() == last.line();
          if (!continues && !repeats) {
            spans.add(new Span(written, line, line.generated()));
          }
          last = line;
          current = (line.text() + "\n").getBytes(StandardCharsets.ISO_8859_1);
          pos = 0;
        }
        return true;
      } catch (ZoneLoadException e) {
        throw new Failed(e);
      }
    }
  }

  /** A zone error found while reading ahead, carried through dnsjava's parser. */
  private static final class Failed extends IOException {
    final ZoneLoadException error;

    Failed(ZoneLoadException error) {
      super(error.getMessage(), error);
      this.error = error;
    }
  }
}
