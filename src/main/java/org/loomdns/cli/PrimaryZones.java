package org.loomdns.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.loomdns.authority.ServedZones;
import org.loomdns.authority.ZoneCatalog;
import org.loomdns.authority.ZoneSet;
import org.loomdns.journal.Journals;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneLoadException;
import org.tinylog.Logger;
import org.xbill.DNS.Name;

/**
 * The zones we are primary for, read from their files with their journals: what start-up serves
 * and what a SIGHUP publishes, so that no reload drops an update.
 */
final class PrimaryZones {

  private PrimaryZones() {}

  /** Every zone of {@code loaded} with the updates its journal holds. */
  static ZoneSet recover(ZoneCatalog catalog, ZoneSet loaded, Journals journals) throws ZoneLoadException {
    List<Zone> zones = new ArrayList<>();
    for (Zone z : loaded.zones()) {
      zones.add(journals.recover(catalog.fileOf(z.origin()), z));
    }
    return new ZoneSet(zones);
  }

  /**
   * Re-reads the zone files and publishes what changed. A secondary zone changes by transfer only:
   * a zone file renamed onto its origin does not replace it.
   */
  static void reload(ZoneCatalog catalog, Journals journals, ServedZones served, Set<Name> secondaries) {
    Logger.info("SIGHUP: reloading zones");
    publish(catalog.reload(), catalog, journals, served, secondaries);
  }

  /**
   * Publishes what changed in {@code next} (null: nothing to publish); a zone served before and
   * not in {@code next}, other than a secondary, is withdrawn; a new one gets its journal.
   */
  static void publish(ZoneSet next, ZoneCatalog catalog, Journals journals, ServedZones served, Set<Name> secondaries) {
    if (next == null) {
      return;
    }
    for (Zone gone : served.current().zones()) {
      if (!secondaries.contains(gone.origin()) && next.get(gone.origin()) == null) {
        served.withdraw(gone.origin());
        Logger.info("zone {} is no longer served (it left the configuration)", gone.origin());
      }
    }
    for (Zone z : next.zones()) {
      if (secondaries.contains(z.origin())) {
        continue;
      }
      // As the zone's writer: no update or re-sign publishes between the choice and its publish.
      ReentrantLock writer = served.writer(z.origin());
      writer.lock();
      try {
        reload(z, catalog.fileOf(z.origin()), journals, served);
      } finally {
        writer.unlock();
      }
    }
  }

  private static void reload(Zone z, Path file, Journals journals, ServedZones served) {
    Zone now = served.current().get(z.origin());
    Zone chosen = file == null ? z : now == null ? recovered(journals, file, z) : journals.reloaded(file, z, now);
    if (chosen != null && chosen != now) {
      served.publish(chosen);
      // After the publish, so that whoever reads this line is answered from the new version.
      Logger.info("reloaded zone {} serial {} ({} records) from {}{}", chosen.origin(), chosen.serial(),
          chosen.recordCount(), chosen.source(),
          now != null && now.serial() == chosen.serial() ? " (serial unchanged)" : "");
    }
  }

  /** A zone new at this reload, with its journal's updates; null (logged) when they cannot be replayed. */
  private static Zone recovered(Journals journals, Path file, Zone loaded) {
    try {
      return journals.recover(file, loaded);
    } catch (ZoneLoadException e) {
      Logger.error("zone {} not added: {}", loaded.origin(), e.getMessage());
      return null;
    }
  }
}
