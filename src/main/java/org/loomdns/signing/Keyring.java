package org.loomdns.signing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;

/**
 * The keys of {@code --dnssec-keys DIR}, by zone: every {@code K*.key} file there with its
 * {@code .private}. A zone we are primary for that has none gets a KSK and a ZSK (ECDSA P-256)
 * made and written there at start, and the DS records to give its parent logged and written to
 * {@code dsset-<zone>.} beside them, as {@code dnssec-signzone -g} names that file.
 */
public final class Keyring {

  private final Path dir;
  private final Map<Name, ZoneKeys> zones = new HashMap<>();

  private Keyring(Path dir) {
    this.dir = dir;
  }

  /**
   * Reads the keys in {@code dir} and makes keys for each of {@code primaries} that has none.
   * A file that cannot be read fails the whole start, naming the file.
   */
  public static Keyring open(Path dir, Collection<Name> primaries) throws IOException {
    return open(dir, primaries, SignatureLifetime.DEFAULT);
  }

  /** As {@link #open(Path, Collection)}, the signatures made with the keys lasting {@code lifetime}. */
  public static Keyring open(Path dir, Collection<Name> primaries, SignatureLifetime lifetime) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"));
    }
    Keyring ring = new Keyring(dir);
    Map<Name, List<SigningKey>> read = new HashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "K*.key")) {
      for (Path f : files) {
        SigningKey k = KeyFiles.read(f);
        read.computeIfAbsent(k.dnskey().getName(), n -> new ArrayList<>()).add(k);
      }
    }
    for (Name p : primaries) {
      if (!read.containsKey(p)) {
        read.put(p, List.of(KeyFiles.generate(dir, p, true), KeyFiles.generate(dir, p, false)));
        Logger.info("zone {}: made a KSK and a ZSK (ECDSA P-256) in {}", p, dir);
      }
    }
    for (var e : read.entrySet()) {
      ZoneKeys keys = new ZoneKeys(e.getKey(), e.getValue(), lifetime);
      ring.zones.put(e.getKey(), keys);
      ring.writeDs(keys);
    }
    return ring;
  }

  /** The keys of the zone {@code origin}, or null. */
  public ZoneKeys keys(Name origin) {
    return zones.get(origin);
  }

  /** The keys of the closest zone holding {@code name} that we have keys for, or null. */
  public ZoneKeys keysFor(Name name) {
    for (int strip = 0; strip < name.labels(); strip++) {
      ZoneKeys k = zones.get(strip == 0 ? name : new Name(name, strip));
      if (k != null) {
        return k;
      }
    }
    return null;
  }

  public Collection<ZoneKeys> all() {
    return zones.values();
  }

  private void writeDs(ZoneKeys keys) throws IOException {
    List<DSRecord> ds = keys.ds();
    if (ds.isEmpty()) {
      Logger.warn("zone {}: no key-signing key (flags 257) in {}, so no DS for the parent", keys.origin(), dir);
      return;
    }
    StringBuilder text = new StringBuilder();
    for (DSRecord r : ds) {
      text.append(r).append('\n');
      Logger.info("zone {}: DS for the parent: {}", keys.origin(), r.rdataToString());
    }
    Files.writeString(dir.resolve("dsset-" + keys.origin()), text);
  }
}
