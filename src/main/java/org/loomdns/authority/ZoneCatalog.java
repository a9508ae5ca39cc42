package org.loomdns.authority;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneFormat;
import org.loomdns.zone.ZoneLoadException;
import org.tinylog.Logger;
import org.xbill.DNS.Name;

/**
 * The zone files we were told to serve and the last good zone read from each. Start-up loads them
 * all or fails; a reload re-reads each, keeping the last good version of any that fails.
 */
public final class ZoneCatalog {

  /** One configured zone file. */
  public record Source(Path file, ZoneFormat format) {
    @Override
    public String toString() {
      return format.option() + " " + file;
    }
  }

  private List<Source> sources;
  private final Map<Source, Zone> lastGood = new HashMap<>();

  public ZoneCatalog(List<Source> sources) {
    this.sources = List.copyOf(sources);
  }

  /** The file the zone {@code origin} was last read from, or null when none holds it. */
  public synchronized Path fileOf(Name origin) {
    for (Map.Entry<Source, Zone> e : lastGood.entrySet()) {
      if (e.getValue().origin().equals(origin)) {
        return e.getKey().file();
      }
    }
    return null;
  }

  /** Loads every file; the first mistake stops start-up. */
  public synchronized ZoneSet loadAll() throws ZoneLoadException {
    for (Source s : sources) {
      Zone zone = s.format().load(s.file());
      lastGood.put(s, zone);
      Logger.info("loaded zone {} serial {} ({} records) from {}", zone.origin(), zone.serial(),
          zone.recordCount(), s.file());
    }
    return assemble();
  }

  /**
   * Re-reads every file. A file that fails keeps serving its last good zone and its error is
   * logged with file and line; the caller, which publishes, logs what it served. Synchronized because two SIGHUPs in a row must not interleave.
   */
  public synchronized ZoneSet reload() {
    for (Source s : sources) {
      try {
        lastGood.put(s, s.format().load(s.file()));
      } catch (ZoneLoadException e) {
        Zone old = lastGood.get(s);
        Logger.error("reload failed, {} keeps serial {}: {}",
            old == null ? s.file() : old.origin(), old == null ? "-" : old.serial(), e.getMessage());
      }
    }
    try {
      return assemble();
    } catch (ZoneLoadException e) {
      Logger.error("reload failed: {}", e.getMessage());
      return null;
    }
  }

  /**
   * As {@link #reload()}, serving {@code files} from now on: a file no longer among them stops
   * being read, a new one is read for the first time (and left out, logged, when it fails).
   */
  public synchronized ZoneSet reload(List<Source> files) {
    sources = List.copyOf(files);
    lastGood.keySet().retainAll(sources);
    return reload();
  }

  private ZoneSet assemble() throws ZoneLoadException {
    List<Zone> zones = new ArrayList<>();
    for (Source s : sources) {
      Zone z = lastGood.get(s);
      if (z != null) {
        zones.add(z);
      }
    }
    try {
      return new ZoneSet(zones);
    } catch (IllegalArgumentException e) {
      throw new ZoneLoadException(null, e.getMessage());
    }
  }
}
