package org.loomdns.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.loomdns.zone.ZoneDiff;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * One zone's journal on disk: a magic header, then entries, each a length, a CRC-32C and a body.
 * An entry is a {@link Entry.Base} (the zone file the entries after it build on, by its SHA-256),
 * a {@link Entry.Snapshot} (the whole zone at one version, written by compaction) or a
 * {@link Entry.Change} (one update's difference). Records are in uncompressed wire form.
 * A torn last entry (a crash while it was written, before anything was acknowledged) is cut off
 * when the file is read; a bad entry with whole ones after it is damage, and is reported.
 */
final class JournalFile {

  private static final byte[] MAGIC = "LOOMJNL1".getBytes(StandardCharsets.US_ASCII);
  private static final int HEAD = 8;
  /** No entry is larger: a snapshot of a zone this size would not fit in memory anyway. */
  private static final int MAX_ENTRY = 1 << 30;

  private static final byte BASE = 1;
  private static final byte SNAPSHOT = 2;
  private static final byte CHANGE = 3;

  /** What a journal holds. */
  sealed interface Entry {
    /** The zone file, by its contents' hash, that the entries after this one build on. */
    record Base(byte[] fileHash, long serial) implements Entry {}

    /** The whole zone, SOA first and last, as a compaction wrote it. */
    record Snapshot(List<Record> records) implements Entry {}

    record Change(ZoneDiff diff) implements Entry {}
  }

  /** The entries read, and where the last whole one ends. */
  record Contents(List<Entry> entries, long end) {}

  /** Thrown for a journal that is not ours or is damaged before its end. */
  static final class Damaged extends IOException {
    Damaged(Path file, String message) {
      super(file + ": " + message);
    }
  }

  private JournalFile() {}

  static Contents read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (all.length < HEAD || !Arrays.equals(Arrays.copyOf(all, HEAD), MAGIC)) {
      throw new Damaged(file, "not a loomdns journal (it does not start with " + new String(MAGIC, StandardCharsets.US_ASCII) + ")");
    }
    List<Entry> entries = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(all);
    in.position(HEAD);
    long end = HEAD;
    while (in.remaining() >= 8) {
      int length = in.getInt();
      int crc = in.getInt();
      if (length <= 0 || length > MAX_ENTRY || length > in.remaining() || crc(all, in.position(), length) != crc) {
        if (laterEntryFollows(all, in.position())) {
          throw new Damaged(file, "entry " + (entries.size() + 1) + " at byte " + end + " is damaged");
        }
        break; // a torn tail: written while the process died, never acknowledged
      }
      try {
        entries.add(parse(ByteBuffer.wrap(all, in.position(), length).slice()));
      } catch (IOException | RuntimeException e) {
        throw new Damaged(file, "entry " + (entries.size() + 1) + " at byte " + end + " does not parse: " + e.getMessage());
      }
      in.position(in.position() + length);
      end = in.position();
    }
    return new Contents(entries, end);
  }

  /** Opens {@code file} for appending after {@code end}, cutting off a torn tail. */
  static FileChannel openForAppend(Path file, long end) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
    ch.truncate(end);
    ch.position(end);
    return ch;
  }

  /** Writes a new journal of {@code entries} to {@code file} atomically: all of it or none. */
  static void rewrite(Path file, List<Entry> entries) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(ch, ByteBuffer.wrap(MAGIC));
      for (Entry e : entries) {
        writeFully(ch, encode(e));
      }
      ch.force(true);
    }
    moveInPlace(temp, file);
  }

  /** Renames {@code temp} over {@code file}, atomically where the file system can, and syncs the directory. */
  static void moveInPlace(Path temp, Path file) throws IOException {
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory(file);
  }

  /** Appends {@code entries} and forces them to disk before returning: one write, one fsync. */
  static void append(FileChannel ch, List<Entry> entries) throws IOException {
    List<ByteBuffer> bodies = new ArrayList<>(entries.size());
    int total = 0;
    for (Entry e : entries) {
      ByteBuffer b = encode(e);
      bodies.add(b);
      total += b.remaining();
    }
    ByteBuffer all = ByteBuffer.allocate(total);
    bodies.forEach(all::put);
    all.flip();
    long start = ch.position();
    try {
      writeFully(ch, all);
      ch.force(false);
    } catch (IOException e) {
      // Leave no half batch behind for the next append to follow: these were never acknowledged.
      ch.truncate(start);
      ch.position(start);
      throw e;
    }
  }

  static ByteBuffer encode(Entry e) {
    Out out = new Out();
    switch (e) {
      case Entry.Base b -> {
        out.put(BASE);
        out.bytes(b.fileHash());
        out.putLong(b.serial());
      }
      case Entry.Snapshot s -> {
        out.put(SNAPSHOT);
        out.records(s.records());
      }
      case Entry.Change c -> {
        out.put(CHANGE);
        out.records(List.of(c.diff().from()));
        out.records(c.diff().deleted());
        out.records(List.of(c.diff().to()));
        out.records(c.diff().added());
      }
    }
    byte[] body = out.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(body);
    ByteBuffer b = ByteBuffer.allocate(8 + body.length);
    b.putInt(body.length).putInt((int) crc.getValue()).put(body).flip();
    return b;
  }

  private static Entry parse(ByteBuffer body) throws IOException {
    byte kind = body.get();
    return switch (kind) {
      case BASE -> {
        byte[] hash = new byte[body.getInt()];
        body.get(hash);
        yield new Entry.Base(hash, body.getLong());
      }
      case SNAPSHOT -> new Entry.Snapshot(records(body));
      case CHANGE -> {
        SOARecord from = (SOARecord) records(body).getFirst();
        List<Record> deleted = records(body);
        SOARecord to = (SOARecord) records(body).getFirst();
        List<Record> added = records(body);
        yield new Entry.Change(new ZoneDiff(from, to, deleted, added, 0));
      }
      default -> throw new IOException("unknown entry kind " + kind);
    };
  }

  private static List<Record> records(ByteBuffer body) throws IOException {
    int count = body.getInt();
    List<Record> out = new ArrayList<>(Math.min(count, 1 << 16));
    for (int i = 0; i < count; i++) {
      byte[] wire = new byte[body.getInt()];
      body.get(wire);
      out.add(Record.fromWire(wire, Section.ANSWER));
    }
    return out;
  }

  /** Whether a whole, valid entry starts somewhere after {@code from}: then the bad one is damage, not a tail. */
  private static boolean laterEntryFollows(byte[] all, int from) {
    for (int at = from; at + 8 <= all.length; at++) {
      int length = ByteBuffer.wrap(all, at, 4).getInt();
      if (length > 0 && length <= all.length - at - 8
          && crc(all, at + 8, length) == ByteBuffer.wrap(all, at + 4, 4).getInt()) {
        return true;
      }
    }
    return false;
  }

  private static int crc(byte[] all, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(all, offset, length);
    return (int) crc.getValue();
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** Makes the rename itself durable; a file system that cannot open a directory has no need. */
  static void syncDirectory(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not every platform lets a directory be opened; the rename is then as durable as it gets.
    }
  }

  /** A growing byte array with the few writes an entry needs. */
  private static final class Out extends java.io.ByteArrayOutputStream {
    void put(byte b) {
      write(b);
    }

    void putInt(int v) {
      write(v >>> 24);
      write(v >>> 16);
      write(v >>> 8);
      write(v);
    }

    void putLong(long v) {
      putInt((int) (v >>> 32));
      putInt((int) v);
    }

    void bytes(byte[] b) {
      putInt(b.length);
      write(b, 0, b.length);
    }

    void records(List<Record> records) {
      putInt(records.size());
      for (Record r : records) {
        bytes(r.toWire(Section.ANSWER));
      }
    }
  }
}
