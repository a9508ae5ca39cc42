package org.loomdns.zone.bind;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TTL;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.Type;

/**
 * Reads the records of a {@link ZoneText}, one record (a line, or lines held together by
 * parentheses) at a time, and holds the directive state: {@code $ORIGIN}, {@code $TTL} and the
 * previous owner. Reads as dnsjava's {@code Master} does (owner, then class and TTL in either
 * order, then type; a record without a TTL gets the {@code $TTL}, or the loader's default), but
 * splits plain records itself ({@link Fields}) and builds the frequent types directly
 * ({@link FastRdata}); every other record, directive and mistake goes through dnsjava's tokenizer
 * and {@link Record#fromString}, so what is read and what is said about it stays dnsjava's.
 */
final class RecordReader {

  private static final int[] FREQUENT = {Type.A, Type.AAAA, Type.TXT, Type.MX, Type.CNAME, Type.NS, Type.PTR, Type.SRV, Type.SOA};
  private static final String[] FREQUENT_NAMES = Arrays.stream(FREQUENT).mapToObj(Type::string).toArray(String[]::new);

  private static final Pattern ERROR_AT = Pattern.compile("^<none>:(\\d+): (.*)$", Pattern.DOTALL);

  private final ZoneText text;
  private final FastRdata rdata;
  private final List<ZoneText.Line> lines = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();
  private final Fields fields = new Fields();
  private Name origin;
  private long defaultTtl;
  private Name lastOwner;
  /** The owner field read last and its name: a zone's records come grouped by owner. */
  private String parsedText;
  private Name parsedOrigin;
  private Name parsedName;

  RecordReader(ZoneText text, Name origin, long defaultTtl) {
    this.text = text;
    this.origin = origin;
    this.defaultTtl = defaultTtl;
    this.rdata = new FastRdata(origin);
  }

  /** Adds every record of the zone to {@code sink}, each at the last line it was written on. */
  void readInto(RecordSink sink) throws ZoneLoadException, IOException {
    while (gather()) {
      ZoneText.Line at = lines.getLast();
      Fields f = !lines.getFirst().text().startsWith("$") && fields.split(texts) ? fields : null;
      if (f != null && f.count() == 0) {
        continue;
      }
      Record r = f == null ? null : fast(f);
      if (r != null) {
        sink.add(r, at.file(), at.line());
        lastOwner = r.getName();
      } else {
        for (Record slow : slow()) {
          sink.add(slow, at.file(), at.line());
        }
      }
    }
  }

  /** The next record's lines: one, or more while parentheses are open; false at the end. */
  private boolean gather() throws ZoneLoadException, IOException {
    lines.clear();
    texts.clear();
    ZoneText.Line line = text.next();
    int depth = 0;
    while (line != null) {
      lines.add(line);
      texts.add(line.text());
      depth = ZoneText.parensAfter(line.text(), depth);
      if (depth == 0) {
        break;
      }
      line = text.next();
    }
    return !lines.isEmpty();
  }

  /** The record of plain fields, or null when dnsjava must read it. */
  private Record fast(Fields f) {
    int i = f.blankOwner() ? 0 : 1;
    Name owner = f.blankOwner() ? lastOwner : owner(f);
    if (owner == null || i >= f.count() || f.quoted(i)) {
      return null;
    }
    int dclass = dclass(f, i);
    boolean seenClass = dclass >= 0;
    if (seenClass && (++i >= f.count() || f.quoted(i))) {
      return null;
    }
    long ttl = defaultTtl;
    if (f.digitFirst(i)) {
      try {
        ttl = TTL.parseTTL(f.get(i));
      } catch (NumberFormatException e) {
        return null;
      }
      if (++i >= f.count() || f.quoted(i)) {
        return null;
      }
    }
    if (!seenClass) {
      dclass = dclass(f, i);
      if (dclass >= 0) {
        if (++i >= f.count() || f.quoted(i)) {
          return null;
        }
      } else {
        dclass = DClass.IN;
      }
    }
    int type = type(f, i);
    return type < 0 ? null : rdata.build(owner, type, dclass, ttl, f, i + 1);
  }

  /** Field {@code i} as a class, or -1; IN, and the frequent types (no class is named like one), without cutting out the field. */
  private static int dclass(Fields f, int i) {
    if (f.is(i, "IN")) {
      return DClass.IN;
    }
    return frequentType(f, i) >= 0 ? -1 : DClass.value(f.get(i));
  }

  /** Field {@code i} as a type, or -1. */
  private static int type(Fields f, int i) {
    int t = frequentType(f, i);
    return t >= 0 ? t : Type.value(f.get(i));
  }

  private static int frequentType(Fields f, int i) {
    for (int k = 0; k < FREQUENT.length; k++) {
      if (f.is(i, FREQUENT_NAMES[k])) {
        return FREQUENT[k];
      }
    }
    return -1;
  }

  /** The owner field as a name; the previous owner's very name when it is the same; null when dnsjava must read it. */
  private Name owner(Fields f) {
    String field = f.get(0);
    if (f.quoted(0)) {
      return null;
    }
    if (!field.equals(parsedText) || !origin.equals(parsedOrigin)) {
      try {
        parsedName = Name.fromString(field, origin);
      } catch (TextParseException e) {
        return null;
      }
      parsedText = field;
      parsedOrigin = origin;
    }
    return lastOwner != null && parsedName.equals(lastOwner) ? lastOwner : parsedName;
  }

  /** The records dnsjava's tokenizer reads from the gathered lines, with this reader's directive state. */
  private List<Record> slow() throws ZoneLoadException {
    StringBuilder all = new StringBuilder();
    for (String t : texts) {
      all.append(t).append('\n');
    }
    // The file's bytes, as dnsjava reads a file: Tokenizer(String) would re-encode them in UTF-8.
    Tokenizer st = new Tokenizer(new ByteArrayInputStream(all.toString().getBytes(StandardCharsets.ISO_8859_1)));
    List<Record> read = new ArrayList<>(1);
    try {
      Record r;
      while ((r = slowRecord(st)) != null) {
        read.add(r);
        lastOwner = r.getName();
      }
      return read;
    } catch (TextParseException e) {
      Matcher m = ERROR_AT.matcher(String.valueOf(e.getMessage()));
      ZoneText.Line at = m.matches() ? lineOf(Integer.parseInt(m.group(1))) : lines.getLast();
      String problem = m.matches() ? m.group(2) : String.valueOf(e.getMessage());
      throw new ZoneLoadException(at.at(), at.generated() ? "$GENERATE made a bad record: " + problem : problem, e);
    } catch (IOException | RuntimeException e) {
      // dnsjava lets some mistakes out unchecked; the line is still the user's to fix.
      throw new ZoneLoadException(lines.getLast().at(), "cannot read this line (" + e + ")", e);
    }
  }

  /** The gathered line the tokenizer counted as {@code n}; past the last (it counts a record's newline), the last. */
  private ZoneText.Line lineOf(int n) {
    return lines.get(Math.max(0, Math.min(n, lines.size()) - 1));
  }

  private Record slowRecord(Tokenizer st) throws IOException {
    while (true) {
      Tokenizer.Token t = st.get(true, false);
      Name name;
      if (t.type() == Tokenizer.WHITESPACE) {
        Tokenizer.Token after = st.get();
        if (after.type() == Tokenizer.EOL) {
          continue;
        }
        if (after.type() == Tokenizer.EOF) {
          return null;
        }
        st.unget();
        if (lastOwner == null) {
          throw st.exception("no owner");
        }
        name = lastOwner;
      } else if (t.type() == Tokenizer.EOL) {
        continue;
      } else if (t.type() == Tokenizer.EOF) {
        return null;
      } else if (t.value().charAt(0) == '$') {
        directive(st, t.value());
        continue;
      } else {
        name = parseName(st, t.value());
        name = lastOwner != null && name.equals(lastOwner) ? lastOwner : name;
      }
      return slowRdata(st, name);
    }
  }

  /** Class, TTL and type in the order dnsjava's Master takes them, then dnsjava reads the rdata. */
  private Record slowRdata(Tokenizer st, Name name) throws IOException {
    String s = st.getString();
    int dclass = DClass.value(s);
    boolean seenClass = dclass >= 0;
    if (seenClass) {
      s = st.getString();
    }
    long ttl;
    try {
      ttl = TTL.parseTTL(s);
      s = st.getString();
    } catch (NumberFormatException e) {
      ttl = defaultTtl;
    }
    if (!seenClass) {
      dclass = DClass.value(s);
      if (dclass >= 0) {
        s = st.getString();
      } else {
        dclass = DClass.IN;
      }
    }
    int type = Type.value(s);
    if (type < 0) {
      throw st.exception("Invalid type '" + s + "'");
    }
    return Record.fromString(name, type, dclass, ttl, st, origin);
  }

  private void directive(Tokenizer st, String word) throws IOException {
    if (word.equalsIgnoreCase("$ORIGIN")) {
      origin = st.getName(Name.root);
      rdata.origin(origin);
      st.getEOL();
    } else if (word.equalsIgnoreCase("$TTL")) {
      defaultTtl = st.getTTL();
      st.getEOL();
    } else {
      if (word.equalsIgnoreCase("$INCLUDE")) {
        // ZoneText follows every $INCLUDE that names a file; dnsjava says what this one lacks.
        st.getString();
      }
      throw st.exception("Invalid directive: " + word);
    }
  }

  private Name parseName(Tokenizer st, String s) throws TextParseException {
    try {
      return Name.fromString(s, origin);
    } catch (TextParseException e) {
      throw st.exception(e.getMessage());
    }
  }
}
