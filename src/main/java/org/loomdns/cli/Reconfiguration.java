package org.loomdns.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.loomdns.authority.ZoneCatalog;
import org.loomdns.authority.ZoneSet;
import org.loomdns.config.Config;
import org.loomdns.config.ConfigException;
import org.loomdns.config.ConfigLoader;
import org.loomdns.config.Setting;
import org.loomdns.config.ViewBlock;
import org.loomdns.config.ZoneBlock;
import org.loomdns.tsig.TsigKeys;
import org.loomdns.update.PolicyLoadException;
import org.tinylog.Logger;

/**
 * SIGHUP with {@code --config}: the file is read again. Zones added, removed or moved to another
 * file, and each zone block's notify and allow-transfer, take effect at once, in each view; every
 * other setting that changed (listeners, ports, keys, forwarders, update rules, views added,
 * removed or matching other clients...) is logged as needing a restart and keeps its running
 * value. A file that fails to read changes nothing.
 */
final class Reconfiguration {

  /** Settings a reload applies: the zones. */
  private static final Set<String> LIVE = Set.of("--bindzone", "--pyzone");

  private final String[] args;
  private final TsigKeys keys;
  private final List<ZoneView> views;
  private Config running;

  Reconfiguration(Config running, String[] args, TsigKeys keys, List<ZoneView> views) {
    this.running = running;
    this.args = args.clone();
    this.keys = keys;
    this.views = List.copyOf(views);
  }

  /**
   * Reads the file again and applies it; false when it could not be read (logged with its line),
   * and the caller reloads the running configuration's zone files alone. A view the file no
   * longer has, or has with other clients, keeps its zone blocks and has its files re-read.
   */
  boolean reload() {
    Logger.info("SIGHUP: reading {} again", running.file());
    Config next;
    ServeOptions options;
    Map<String, ZoneSettings> zones = new HashMap<>();
    try {
      next = ConfigLoader.load(running.file(), ConfigFile.keys());
      options = ConfigFile.merge(next, args);
      ZoneView.checkSharedFiles(next.views(), !options.allowUpdate.isEmpty() || options.updatePolicy != null,
          options.dnssecKeys != null);
      for (Map.Entry<String, List<ZoneBlock>> e : blocks(next).entrySet()) {
        zones.put(e.getKey(), ZoneSettings.of(e.getValue(), keys, options.notifyNs));
      }
    } catch (ConfigException | PolicyLoadException | IllegalArgumentException e) {
      zones.values().forEach(ZoneSettings::close);
      Logger.error("config reload failed, the running configuration stays: {}", e.getMessage());
      return false;
    }
    reportRestartNeeded(next);
    Map<String, ViewBlock> before = viewsOf(running);
    Map<String, ViewBlock> after = viewsOf(next);
    for (ZoneView v : views) {
      ZoneSettings settings = zones.remove(v.name());
      if (settings == null || !Objects.equals(clientsOf(before.get(v.name())), clientsOf(after.get(v.name())))) {
        if (settings != null) {
          settings.close();
        }
        PrimaryZones.reload(v.catalog(), v.journals(), v.served(), v.secondaries().origins());
        continue;
      }
      List<ZoneCatalog.Source> sources = ZoneView.sources(options, v.clients() == null, settings);
      ZoneSet set = v.catalog().reload(sources);
      if (set != null) {
        try {
          settings.check(v.catalog(), set);
        } catch (ConfigException e) {
          Logger.error("{}", e.getMessage());
        }
      }
      PrimaryZones.publish(set, v.catalog(), v.journals(), v.served(), v.secondaries().origins());
      v.perZone().getAndSet(settings).close();
    }
    zones.values().forEach(ZoneSettings::close);
    running = next;
    return true;
  }

  /** The zone blocks of each view by its name; of the server ("") when the file has no views. */
  private static Map<String, List<ZoneBlock>> blocks(Config config) {
    Map<String, List<ZoneBlock>> blocks = new LinkedHashMap<>();
    if (config.views().isEmpty()) {
      blocks.put("", config.zones());
    }
    config.views().forEach(v -> blocks.put(v.name(), v.zones()));
    return blocks;
  }

  private static Map<String, ViewBlock> viewsOf(Config config) {
    Map<String, ViewBlock> views = new LinkedHashMap<>();
    config.views().forEach(v -> views.put(v.name(), v));
    return views;
  }

  private static List<String> clientsOf(ViewBlock view) {
    return view == null ? null : view.matchClients();
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
    List<List<String>> viewsWere = running.views().stream().map(v -> viewLine(v)).toList();
    List<List<String>> viewsNow = next.views().stream().map(v -> viewLine(v)).toList();
    if (!viewsWere.equals(viewsNow)) {
      Logger.warn("{}: the views changed ({} to {}): views added, removed, reordered or matching other clients "
          + "need restart; the running views stay, each with its zones re-read", running.file(), viewsWere, viewsNow);
    }
    if (!updateRules(running).equals(updateRules(next))) {
      Logger.warn("{}: a zone block's allowUpdate, grant or deny changed: needs restart; the running update "
          + "rules stay", running.file());
    }
  }

  /** A view's name and clients, as the log says them. */
  private static List<String> viewLine(ViewBlock v) {
    List<String> line = new ArrayList<>(List.of(v.name()));
    line.addAll(v.matchClients());
    return line;
  }

  /** The update rules of each zone block, by view and zone name. */
  private static Map<String, List<Object>> updateRules(Config config) {
    Map<String, List<Object>> rules = new HashMap<>();
    blocks(config).forEach((view, zones) -> {
      for (ZoneBlock b : zones) {
        List<Object> r = new ArrayList<>(b.allowUpdate());
        b.policy().forEach(p -> r.add(List.of(p.grant(), p.options())));
        if (!r.isEmpty()) {
          rules.put(view + "/" + b.name().toLowerCase(java.util.Locale.ROOT), r);
        }
      }
    });
    return rules;
  }
}
