package org.loomdns.secondary;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.loomdns.journal.Journals;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneFormat;
import org.loomdns.zone.ZoneLoadException;
import org.loomdns.zone.bind.ZoneWriter;
import org.tinylog.Logger;
import org.xbill.DNS.Name;

/**
 * The last version of each secondary zone on disk, so a restart serves it before the primaries
 * are asked: one BIND file per zone ({@code example.com.zone}) written whole after an AXFR (to a
 * temporary file, renamed, so a crash half way leaves the previous file whole), and the
 * increments of the IXFRs since then appended to its journal ({@code example.com.zone.jnl}),
 * which is replayed over the file at start and compacted as the primaries' journals are. The
 * file's mtime is when the zone was last known fresh: a refresh that finds the serial unchanged
 * touches it, as BIND does.
 */
final class ZoneStore implements AutoCloseable {

  /** A zone read back, and when it was last known fresh. */
  record Stored(Zone zone, Instant fresh) {}

  private final Path dir;
  private final Journals journals = new Journals(Journals.Limits.DEFAULT);
  /** Zones whose last write failed: their journal may not follow the file, the next is whole. */
  private final Set<Name> unwritten = ConcurrentHashMap.newKeySet();

  /** {@code served} gives the version of a zone being served, which a compaction writes. */
  ZoneStore(Path dir, Function<Name, Zone> served) {
    this.dir = dir;
    journals.start(served);
  }

  Path fileFor(Name origin) {
    String text = origin.equals(Name.root) ? "" : origin.toString(true).toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder();
    for (char ch : (text.isEmpty() ? "root" : text).toCharArray()) {
      // Only characters safe in any file name; a label with others (escaped in the name) gets %XX.
      if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_') {
        sb.append(ch);
      } else {
        sb.append(String.format("%%%02X", (int) ch));
      }
    }
    return dir.resolve(sb + ".zone");
  }

  /** The stored version of {@code origin}, its journal replayed, or null when there is none. */
  Stored load(Name origin) throws ZoneLoadException, IOException {
    Path file = fileFor(origin);
    if (!Files.exists(file)) {
      return null;
    }
    Zone zone = ZoneFormat.BIND.load(file);
    if (!zone.origin().equals(origin)) {
      throw new ZoneLoadException(file.toString(), "holds zone " + zone.origin() + ", not " + origin);
    }
    return new Stored(journals.recover(file, zone), Files.getLastModifiedTime(file).toInstant());
  }

  /**
   * Writes the versions transferred since the last call, in order: their increments appended to
   * the journal when each is an IXFR's over the version stored, else the last version whole.
   */
  void save(List<Transferred> transfers) throws IOException {
    Transferred last = transfers.getLast();
    Path file = fileFor(last.zone().origin());
    boolean increments = Files.exists(file) && !unwritten.contains(last.zone().origin())
        && transfers.stream().allMatch(t -> t.diff() != null);
    if (increments) {
      try {
        journals.append(last.zone().origin(), transfers.stream().map(Transferred::diff).toList());
        touch(last.zone().origin());
        return;
      } catch (IOException e) {
        Logger.warn("secondary zone {}: cannot append to the journal of {} ({}); writing the copy whole",
            last.zone().origin(), file, e.getMessage());
      }
    }
    unwritten.add(last.zone().origin());
    saveWhole(last.zone(), last.kind() + " from " + last.primary());
    unwritten.remove(last.zone().origin());
  }

  void saveWhole(Zone zone, String from) throws IOException {
    Files.createDirectories(dir);
    Path file = fileFor(zone.origin());
    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        ZoneWriter.write(zone, "secondary copy of " + zone.origin() + " serial " + zone.serial() + ", from " + from, w);
      }
      journals.replace(file, zone, temp);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Records that the stored version was found current now. */
  void touch(Name origin) throws IOException {
    Path file = fileFor(origin);
    if (Files.exists(file)) {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    }
  }

  /** Closes the journals; what they hold is replayed at the next start. */
  @Override
  public void close() {
    journals.stop();
  }
}
