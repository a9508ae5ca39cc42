package org.loomdns.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.loomdns.authority.ServedZones;
import org.loomdns.authority.ZoneCatalog;
import org.loomdns.authority.ZoneSet;
import org.loomdns.config.Config;
import org.loomdns.config.ConfigException;
import org.loomdns.config.ConfigLoader;
import org.loomdns.config.Setting;
import org.loomdns.config.ZoneBlock;
import org.loomdns.journal.Journals;
import org.loomdns.tsig.TsigKeys;
import org.loomdns.update.PolicyLoadException;
import org.loomdns.zone.ZoneFormat;
import org.tinylog.Logger;
import org.xbill.DNS.Name;

/**
 * SIGHUP with {@code --config}: the file is read again. Zones added, removed or moved to another
 * file, and each zone block's notify and allow-transfer, take effect at once; every other setting
 * that changed (listeners, ports, keys, forwarders, update rules...) is logged as needing a
 * restart and keeps its running value. A file that fails to read changes nothing.
 */
final class Reconfiguration {

  /** Settings a reload applies: the zones. */
  private static final Set<String> LIVE = Set.of("--bindzone", "--pyzone");

  private final String[] args;
  private final TsigKeys keys;
  private final ZoneCatalog catalog;
  private final AtomicReference<ZoneSettings> perZone;
  private Config running;

  Reconfiguration(Config running, String[] args, TsigKeys keys, ZoneCatalog catalog,
      AtomicReference<ZoneSettings> perZone) {
    this.running = running;
    this.args = args.clone();
    this.keys = keys;
    this.catalog = catalog;
    this.perZone = perZone;
  }

  /**
   * Reads the file again and applies it; false when it could not be read (logged with its line),
   * and the caller reloads the running configuration's zone files alone.
   */
  boolean reload(Journals journals, ServedZones served, Set<Name> secondaries) {
    Logger.info("SIGHUP: reading {} again", running.file());
    Config next;
    ServeOptions options;
    ZoneSettings zones;
    try {
      next = ConfigLoader.load(running.file(), ConfigFile.keys());
      options = ConfigFile.merge(next, args);
      zones = ZoneSettings.of(next, keys, options.notifyNs);
    } catch (ConfigException | PolicyLoadException | IllegalArgumentException e) {
      Logger.error("config reload failed, the running configuration stays: {}", e.getMessage());
      return false;
    }
    reportRestartNeeded(next);
    List<ZoneCatalog.Source> sources = new ArrayList<>();
    options.bindZones.forEach(p -> sources.add(new ZoneCatalog.Source(p, ZoneFormat.BIND)));
    options.pyZones.forEach(p -> sources.add(new ZoneCatalog.Source(p, ZoneFormat.GROOVY)));
    sources.addAll(zones.sources());
    ZoneSet set = catalog.reload(sources);
    if (set != null) {
      try {
        zones.check(catalog, set);
      } catch (ConfigException e) {
        Logger.error("{}", e.getMessage());
      }
    }
    PrimaryZones.publish(set, catalog, journals, served, secondaries);
    perZone.getAndSet(zones).close();
    running = next;
    return true;
  }

  /** Each setting that changed and cannot change live, logged once; the command line's own never change. */
  private void reportRestartNeeded(Config next) {
    Set<String> given = ConfigFile.given(args);
    Set<String> names = new LinkedHashSet<>(running.settings().keySet());
    names.addAll(next.settings().keySet());
    for (String name : names) {
      Setting before = running.settings().get(name);
      Setting after = next.settings().get(name);
      String option = (before != null ? before : after).key().option();
      if (LIVE.contains(option) || given.contains(option)) {
        continue;
      }
      List<String> was = before == null ? null : before.values();
      List<String> now = after == null ? null : after.values();
      if (!Objects.equals(was, now)) {
        Logger.warn("{}: {} changed ({} to {}): needs restart; the running value stays", running.file(), name,
            was == null ? "unset" : String.join(" ", was), now == null ? "unset" : String.join(" ", now));
      }
    }
    if (!updateRules(running).equals(updateRules(next))) {
      Logger.warn("{}: a zone block's allowUpdate, grant or deny changed: needs restart; the running update "
          + "rules stay", running.file());
    }
  }

  private static Map<String, List<Object>> updateRules(Config config) {
    Map<String, List<Object>> rules = new java.util.HashMap<>();
    for (ZoneBlock b : config.zones()) {
      List<Object> r = new ArrayList<>(b.allowUpdate());
      b.policy().forEach(p -> r.add(List.of(p.grant(), p.options())));
      if (!r.isEmpty()) {
        rules.put(b.name().toLowerCase(java.util.Locale.ROOT), r);
      }
    }
    return rules;
  }
}
