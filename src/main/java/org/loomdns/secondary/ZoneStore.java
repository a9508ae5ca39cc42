package org.loomdns.secondary;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Locale;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneFormat;
import org.loomdns.zone.ZoneLoadException;
import org.loomdns.zone.bind.ZoneWriter;
import org.xbill.DNS.Name;

/**
 * The last version of each secondary zone on disk, one BIND file per zone ({@code example.com.zone}),
 * so a restart serves it before the primaries are asked. Written to a temporary file and renamed,
 * so a crash half way leaves the previous file whole. The file's mtime is when the zone was last
 * known fresh: a refresh that finds the serial unchanged touches it, as BIND does.
 */
final class ZoneStore {

  /** A zone read back, and when it was last known fresh. */
  record Stored(Zone zone, Instant fresh) {}

  private final Path dir;

  ZoneStore(Path dir) {
    this.dir = dir;
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

  /** The stored version of {@code origin}, or null when there is none. */
  Stored load(Name origin) throws ZoneLoadException, IOException {
    Path file = fileFor(origin);
    if (!Files.exists(file)) {
      return null;
    }
    Zone zone = ZoneFormat.BIND.load(file);
    if (!zone.origin().equals(origin)) {
      throw new ZoneLoadException(file.toString(), "holds zone " + zone.origin() + ", not " + origin);
    }
    return new Stored(zone, Files.getLastModifiedTime(file).toInstant());
  }

  void save(Zone zone, String from) throws IOException {
    Files.createDirectories(dir);
    Path file = fileFor(zone.origin());
    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        ZoneWriter.write(zone, "secondary copy of " + zone.origin() + " serial " + zone.serial() + ", from " + from, w);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
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
}
