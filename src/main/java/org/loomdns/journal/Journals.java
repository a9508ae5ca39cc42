package org.loomdns.journal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneBuilder;
import org.loomdns.zone.ZoneDiff;
import org.loomdns.zone.ZoneEditor;
import org.loomdns.zone.ZoneLoadException;
import org.tinylog.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Serial;

/**
 * The journals of zones kept in files, one beside each zone file ({@code FILE.jnl}): the files
 * of the zones we are primary for, and the copies a secondary keeps, whose increments are
 * appended here instead of rewriting the whole copy.
 * An update is on disk before anyone hears of it; a start replays the journal over the file; a
 * compaction folds the updates into a snapshot in the journal, so replay stays short. The zone
 * file itself is never written: it stays what its author wrote, and a file edited by hand while
 * updates exist that it does not hold is refused, never merged. A zone signed online journals the
 * serial each re-sign raises too (an entry with no records), so a restart does not serve a lower
 * one; those are not updates the file lacks, and do not stand in the way of an edited file.
 */
public final class Journals implements Closeable {

  /** When a journal is compacted: past {@code bytes} of changes, and every {@code every}. */
  public record Limits(long bytes, Duration every) {
    public static final Limits DEFAULT = new Limits(16L << 20, Duration.ofHours(1));
  }

  private final Limits limits;
  private final Map<Name, ZoneJournal> byOrigin = new ConcurrentHashMap<>();
  private final Map<Path, ZoneJournal> byFile = new ConcurrentHashMap<>();
  private volatile Function<Name, Zone> served = origin -> null;
  private volatile Thread compactor;

  public Journals(Limits limits) {
    this.limits = limits;
  }

  /** The journal of the zone file {@code file}. */
  public static Path journalOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".jnl");
  }

  /**
   * The version to serve of the zone just loaded from {@code file}: the file's, with the updates
   * its journal holds replayed over it. Fails when the file changed since those updates were made.
   */
  public Zone recover(Path file, Zone loaded) throws ZoneLoadException {
    ZoneJournal j = new ZoneJournal(loaded.origin(), file, hash(file), loaded.serial());
    Zone zone = j.replay(loaded);
    register(j);
    return zone;
  }

  private void register(ZoneJournal j) {
    byOrigin.put(j.origin, j);
    byFile.put(j.file.toAbsolutePath().normalize(), j);
  }

  /**
   * Starts the compaction schedule; {@code served} gives the version served of an origin, which
   * a compaction writes.
   */
  public void start(Function<Name, Zone> served) {
    this.served = served;
    Duration every = limits.every();
    compactor = Thread.ofVirtual().name("journal-compaction").start(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(every);
          compactAll();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /**
   * Writes {@code diffs}, the updates just made to {@code origin} in order, and returns once
   * they are on disk: one write and one fsync for them all.
   */
  public void append(Name origin, List<ZoneDiff> diffs) throws IOException {
    ZoneJournal j = byOrigin.get(origin);
    if (j == null) {
      throw new IOException("zone " + origin + " has no journal: it is not a zone loaded from a file");
    }
    if (j.append(diffs) > limits.bytes()) {
      Thread.ofVirtual().name("journal-compaction " + origin).start(() -> compact(j));
    }
  }

  /**
   * At a reload, the version of the zone from {@code file} to serve: {@code loaded} when its file
   * changed and no updates are at stake, else {@code current} (the file did not change: its
   * updates are compacted, as a reload asks; or the file changed under updates it lacks: refused,
   * and logged).
   */
  public Zone reloaded(Path file, Zone loaded, Zone current) {
    ZoneJournal j = byFile.get(file.toAbsolutePath().normalize());
    if (j == null || current == null) {
      return loaded;
    }
    byte[] now;
    try {
      now = hash(file);
    } catch (ZoneLoadException e) {
      Logger.error("reload of zone {} refused: {}", current.origin(), e.getMessage());
      return current;
    }
    Zone chosen = j.reloaded(now, loaded, current);
    if (chosen == current) {
      compact(j);
    } else if (!loaded.origin().equals(j.origin)) {
      byOrigin.remove(j.origin);
      j.origin = loaded.origin();
      byOrigin.put(j.origin, j);
    }
    return chosen;
  }

  /**
   * Puts {@code written}, a whole new version of {@code file}'s zone, in place of {@code file} and
   * starts its journal afresh. The old journal goes first: a crash between the two leaves the
   * older file with no journal, an older version but a whole one, never a journal replayed over a
   * file it does not belong to.
   */
  public void replace(Path file, Zone zone, Path written) throws IOException {
    byte[] hash;
    try {
      hash = hash(written);
    } catch (ZoneLoadException e) {
      throw new IOException(e.getMessage(), e);
    }
    ZoneJournal old = byFile.remove(file.toAbsolutePath().normalize());
    if (old != null) {
      old.close();
      byOrigin.remove(old.origin, old);
    }
    Files.deleteIfExists(journalOf(file));
    JournalFile.syncDirectory(file);
    JournalFile.moveInPlace(written, file);
    register(new ZoneJournal(zone.origin(), file, hash, zone.serial()));
  }

  /** Compacts every journal that holds changes since its last snapshot. */
  public void compactAll() {
    byOrigin.values().forEach(this::compact);
  }

  private void compact(ZoneJournal j) {
    try {
      j.compact(served.apply(j.origin));
    } catch (IOException e) {
      Logger.error("zone {}: compaction of {} failed, the journal stays as it was: {}", j.origin,
          j.journal, e.getMessage());
    }
  }

  /** Stops the schedule, compacts what is pending, and closes the files. */
  @Override
  public void close() {
    stopSchedule();
    compactAll();
    byOrigin.values().forEach(ZoneJournal::close);
  }

  /**
   * Stops the schedule and closes the files, leaving what is pending for the next start to
   * replay: for copies that can be fetched again, where a compaction at every shutdown would
   * write a whole large zone for a few changed records.
   */
  public void stop() {
    stopSchedule();
    byOrigin.values().forEach(ZoneJournal::close);
  }

  private void stopSchedule() {
    Thread t = compactor;
    if (t != null) {
      t.interrupt();
    }
  }

  /** Whether {@code e} holds updates the file lacks: a serial raised alone (a re-sign's) does not. */
  private static boolean isUpdate(JournalFile.Entry e) {
    return e instanceof JournalFile.Entry.Snapshot || e instanceof JournalFile.Entry.Change c
        && (!c.diff().deleted().isEmpty() || !c.diff().added().isEmpty());
  }

  static byte[] hash(Path file) throws ZoneLoadException {
    // Read in pieces: the file of a million-record zone whole would be one 50 MB array per load.
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] piece = new byte[64 * 1024];
      for (int n; (n = in.read(piece)) > 0; ) {
        digest.update(piece, 0, n);
      }
      return digest.digest();
    } catch (IOException e) {
      throw new ZoneLoadException(file.toString(), "cannot read it: " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** One zone's journal; its lock orders appends, compactions and reloads. */
  private static final class ZoneJournal {
    volatile Name origin;
    final Path file;
    final Path journal;
    byte[] fileHash;
    long fileSerial;
    /** Open once the first update is written; null before and after a close. */
    FileChannel channel;
    long journalEnd;
    /** Whether updates exist that the zone file does not hold. */
    boolean updated;
    /** Whether the journal holds entries after its base: updates, or serials a re-sign raised. */
    boolean changed;
    /** Bytes of changes since the last snapshot, and the serial the last one reached. */
    long pendingBytes;
    long lastSerial = -1;

    ZoneJournal(Name origin, Path file, byte[] fileHash, long fileSerial) {
      this.origin = origin;
      this.file = file;
      this.journal = journalOf(file);
      this.fileHash = fileHash;
      this.fileSerial = fileSerial;
    }

    synchronized Zone replay(Zone loaded) throws ZoneLoadException {
      if (!Files.exists(journal)) {
        return loaded;
      }
      JournalFile.Contents contents;
      try {
        contents = JournalFile.read(journal);
      } catch (IOException e) {
        throw new ZoneLoadException(journal.toString(), e.getMessage());
      }
      List<JournalFile.Entry> entries = contents.entries();
      int base = -1;
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i) instanceof JournalFile.Entry.Base b && Arrays.equals(b.fileHash(), fileHash)) {
          base = i;
        }
      }
      List<JournalFile.Entry> after = base < 0 ? entries : entries.subList(base + 1, entries.size());
      long changes = after.stream().filter(e -> !(e instanceof JournalFile.Entry.Base)).count();
      long updates = after.stream().filter(Journals::isUpdate).count();
      if (base < 0 && updates == 0) {
        serialsOfAnotherFile(loaded, after);
        return loaded;
      }
      if (base < 0) {
        throw new ZoneLoadException(file.toString(), "it changed since " + journal.getFileName()
            + " began, and that journal holds updates the file does not have; loomdns will not load "
            + "the file over them (see docs/dynamic-updates.md, \"Editing a zone that takes updates\")");
      }
      Zone zone = replay(loaded, after);
      journalEnd = contents.end();
      updated = updates > 0;
      changed = changes > 0;
      if (changes > 0) {
        Logger.info("zone {}: replayed {} from {}: serial {} -> {}", origin, changes == 1 ? "1 entry" : changes + " entries",
            journal, loaded.serial(), zone.serial());
      }
      return zone;
    }

    /**
     * The journal holds only serials raised by re-signing an earlier file: they are not replayed
     * over this one (the first change writes a new base), but a serial of the file not above them
     * is one secondaries will not fetch, and is warned about.
     */
    private void serialsOfAnotherFile(Zone loaded, List<JournalFile.Entry> entries) {
      for (int i = entries.size() - 1; i >= 0; i--) {
        if (entries.get(i) instanceof JournalFile.Entry.Change c) {
          if (Serial.compare(loaded.serial(), c.diff().toSerial()) <= 0) {
            Logger.warn("zone {}: {} has serial {}, not above the {} it was served at (re-signing raised it, "
                + "{}); secondaries will not fetch it until its serial is raised above that", origin, file,
                loaded.serial(), c.diff().toSerial(), journal);
          }
          return;
        }
      }
    }

    /** {@code zone} with the entries after its base: a snapshot replaces what came before it. */
    private Zone replay(Zone zone, List<JournalFile.Entry> entries) throws ZoneLoadException {
      ZoneEditor editor = null;
      int n = 0;
      for (JournalFile.Entry e : entries) {
        n++;
        if (e instanceof JournalFile.Entry.Snapshot s) {
          zone = snapshot(s.records());
          editor = null;
          pendingBytes = 0;
        } else if (e instanceof JournalFile.Entry.Change c) {
          editor = editor == null ? zone.edit() : editor;
          if (!editor.apply(c.diff())) {
            throw new ZoneLoadException(journal.toString(), "entry " + n + " (serial " + c.diff().fromSerial()
                + " -> " + c.diff().toSerial() + ") does not follow serial " + editor.soa().getSerial());
          }
          pendingBytes += c.diff().bytes();
          lastSerial = c.diff().toSerial();
        }
      }
      return editor == null ? zone : editor.commit().zone();
    }

    private Zone snapshot(List<Record> records) throws ZoneLoadException {
      String source = journal + " (snapshot)";
      ZoneBuilder b = new ZoneBuilder(source, origin);
      for (Record r : records) {
        b.add(r, source, 0);
      }
      return b.build();
    }

    synchronized long append(List<ZoneDiff> diffs) throws IOException {
      if (channel == null) {
        if (!changed) {
          JournalFile.rewrite(journal, List.of(new JournalFile.Entry.Base(fileHash, fileSerial)));
          journalEnd = Files.size(journal);
        }
        channel = JournalFile.openForAppend(journal, journalEnd);
      }
      List<JournalFile.Entry> entries = new ArrayList<>(diffs.size());
      for (ZoneDiff d : diffs) {
        entries.add(new JournalFile.Entry.Change(d));
      }
      JournalFile.append(channel, entries);
      journalEnd = channel.position();
      changed = true;
      updated |= diffs.stream().anyMatch(d -> !d.deleted().isEmpty() || !d.added().isEmpty());
      for (ZoneDiff d : diffs) {
        pendingBytes += d.bytes();
        lastSerial = d.toSerial();
      }
      return pendingBytes;
    }

    /**
     * Rewrites the journal as the file's base and a snapshot of {@code current}. Skipped when
     * nothing changed since the last snapshot, or when {@code current} is not yet the version the
     * last change made (it is written before it is published): the next compaction does it.
     */
    synchronized void compact(Zone current) throws IOException {
      if (pendingBytes == 0 || current == null || current.serial() != lastSerial) {
        return;
      }
      close();
      JournalFile.rewrite(journal, List.of(new JournalFile.Entry.Base(fileHash, fileSerial),
          new JournalFile.Entry.Snapshot(current.transferRecords())));
      journalEnd = Files.size(journal);
      pendingBytes = 0;
      Logger.info("zone {}: compacted {} at serial {}", origin, journal, current.serial());
    }

    synchronized Zone reloaded(byte[] now, Zone loaded, Zone current) {
      if (Arrays.equals(now, fileHash)) {
        return current;
      }
      if (updated && Files.exists(journal)) {
        Logger.error("reload of zone {} refused: {} changed, but {} holds updates the file does not "
            + "have; serving serial {} as before (see docs/dynamic-updates.md, \"Editing a zone that "
            + "takes updates\")", origin, file, journal, current.serial());
        return current;
      }
      if (updated) {
        Logger.warn("zone {}: {} was removed; serving {} as written, without the updates it held",
            origin, journal, file);
      }
      close();
      try {
        Files.deleteIfExists(journal);
      } catch (IOException e) {
        Logger.warn("zone {}: cannot remove {}: {}", origin, journal, e.getMessage());
      }
      fileHash = now;
      fileSerial = loaded.serial();
      updated = false;
      changed = false;
      pendingBytes = 0;
      lastSerial = -1;
      return loaded;
    }

    synchronized void close() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          Logger.warn("zone {}: closing {}: {}", origin, journal, e.getMessage());
        }
        channel = null;
      }
    }
  }
}
