package org.loomdns.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.loomdns.acl.Acl;
import org.loomdns.authority.ZoneCatalog;
import org.loomdns.authority.ZoneSet;
import org.loomdns.config.Config;
import org.loomdns.config.ConfigException;
import org.loomdns.config.ZoneBlock;
import org.loomdns.net.Cidr;
import org.loomdns.notify.Notifier;
import org.loomdns.notify.NotifyTarget;
import org.loomdns.tsig.TsigKeys;
import org.loomdns.update.PolicyLoadException;
import org.loomdns.update.PolicyLoader;
import org.loomdns.update.UpdatePolicy;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneFormat;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The zone blocks of a configuration file, read into what the server uses: the zone files, and
 * per zone who may transfer it, whom to NOTIFY, and the update rules that {@code allowUpdate}
 * and {@code grant}/{@code deny} make (each scoped to the zone). Immutable but for the notifiers,
 * which {@link #close()} stops.
 */
record ZoneSettings(List<ZoneCatalog.Source> sources, Map<Name, Acl> transfer, Map<Name, Notifier> notifiers,
    UpdatePolicy policy, List<ZoneBlock> blocks) implements AutoCloseable {

  static final ZoneSettings NONE = new ZoneSettings(List.of(), Map.of(), Map.of(), UpdatePolicy.NONE, List.of());

  /** The zone blocks of {@code config} outside views (none when it is null), their keys among {@code keys}. */
  static ZoneSettings of(Config config, TsigKeys keys, boolean notifyNs) throws PolicyLoadException, ConfigException {
    return config == null ? NONE : of(config.zones(), keys, notifyNs);
  }

  /** {@code zones}, the blocks of the file or of one view, their keys among {@code keys}. */
  static ZoneSettings of(List<ZoneBlock> zones, TsigKeys keys, boolean notifyNs) throws PolicyLoadException,
      ConfigException {
    List<ZoneCatalog.Source> sources = new ArrayList<>();
    Map<Name, Acl> transfer = new HashMap<>();
    Map<Name, List<NotifyTarget>> notify = new HashMap<>();
    List<PolicyLoader.Declared> rules = new ArrayList<>();
    for (ZoneBlock b : zones) {
      Name origin = origin(b);
      ZoneFormat format = b.format() == null ? CheckCommand.formatOf(b.file())
          : b.format().equals("bind") ? ZoneFormat.BIND : ZoneFormat.GROOVY;
      sources.add(new ZoneCatalog.Source(b.file(), format));
      try {
        if (b.allowTransfer() != null) {
          transfer.put(origin, Acl.parse(b.allowTransfer(), keys, "allowTransfer"));
        }
        if (b.notifyTargets() != null) {
          List<NotifyTarget> targets = new ArrayList<>();
          for (String t : b.notifyTargets()) {
            targets.add(NotifyTarget.parse(t, keys));
          }
          notify.put(origin, targets);
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException(b.where(), e.getMessage());
      }
      for (String who : b.allowUpdate()) {
        rules.add(new PolicyLoader.Declared(true, allowing(who, origin), b.where()));
      }
      b.policy().forEach(p -> rules.add(new PolicyLoader.Declared(p.grant(), p.options(), p.where())));
    }
    UpdatePolicy policy = PolicyLoader.declared(rules, keys);
    Map<Name, Notifier> notifiers = new HashMap<>();
    notify.forEach((origin, targets) -> notifiers.put(origin, new Notifier(targets, notifyNs)));
    return new ZoneSettings(sources, transfer, notifiers, policy, zones);
  }

  /** Each block's file must hold the zone the block names; a mistake names the block's line. */
  void check(ZoneCatalog catalog, ZoneSet loaded) throws ConfigException {
    for (ZoneBlock b : blocks) {
      Zone z = loaded.get(origin(b));
      if (z == null || !b.file().equals(catalog.fileOf(z.origin()))) {
        throw new ConfigException(b.where(), "zone " + b.name() + ": " + b.file() + " does not hold zone "
            + b.name() + " (its SOA names another)");
      }
    }
  }

  /** NOTIFY for a change of {@code origin}: its block's targets, else {@code global}'s. */
  Notifier notifierFor(Name origin, Notifier global) {
    return notifiers.getOrDefault(origin, global);
  }

  @Override
  public void close() {
    notifiers.values().forEach(Notifier::close);
  }

  /** {@code allowUpdate WHO} in a zone block: WHO may change anything, of any type, in this zone alone. */
  private static Map<String, Object> allowing(String who, Name origin) {
    String w = who.trim();
    boolean range;
    try {
      Cidr.parse(w);
      range = true;
    } catch (IllegalArgumentException e) {
      range = false;
    }
    String key = w.regionMatches(true, 0, "key:", 0, 4) ? w.substring(4) : w;
    return Map.of(range ? "address" : "key", key, "subdomain", origin.toString(), "types", List.of("ANY"));
  }

  private static Name origin(ZoneBlock b) throws ConfigException {
    try {
      return Name.fromString(b.name(), Name.root);
    } catch (TextParseException e) {
      throw new ConfigException(b.where(), "zone " + b.name() + ": not a domain name");
    }
  }
}
