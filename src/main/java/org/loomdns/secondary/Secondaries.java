package org.loomdns.secondary;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loomdns.acl.Acl;
import org.loomdns.authority.ServedZones;
import org.loomdns.chain.Resolver;
import org.loomdns.stats.Tally;
import org.xbill.DNS.Name;

/**
 * All secondary zones of one server: each served from its copy on disk (when there is one) as
 * soon as {@link #start()} returns, and kept fresh on its own thread from then on.
 */
public final class Secondaries implements AutoCloseable {

  /** Where the copies go unless {@code --secondary-dir} says otherwise. */
  public static final String DEFAULT_DIR = "./secondary";

  private final Map<Name, SecondaryZone> zones = new LinkedHashMap<>();
  private final Tally transfers = new Tally();
  private final ZoneStore store;

  public Secondaries(List<SecondaryConfig> configs, ServedZones served, Path dir, TransferLimits limits) {
    store = new ZoneStore(dir, origin -> {
      SecondaryZone z = zones.get(origin);
      return z == null ? null : z.current();
    });
    for (SecondaryConfig c : configs) {
      zones.put(c.origin(), new SecondaryZone(c, served, store, limits, transfers));
    }
  }

  public boolean isEmpty() {
    return zones.isEmpty();
  }

  public java.util.Set<Name> origins() {
    return zones.keySet();
  }

  /** Serves every copy on disk, then starts one thread per zone. */
  public void start() {
    zones.values().forEach(SecondaryZone::start);
  }

  /**
   * The handler for NOTIFY: {@code allowNotify} may notify any secondary zone; when it is empty,
   * each zone's primaries (by address) may notify it.
   */
  public Resolver notifyHandler(Acl allowNotify) {
    return new NotifyHandler(zones, allowNotify.isEmpty() ? null : allowNotify);
  }

  /**
   * How each zone's checks ended, by zone: {@code axfr} or {@code ixfr} (transferred),
   * {@code current} (the primary has our serial) or {@code failed} (no primary answered).
   */
  public Tally transfers() {
    return transfers;
  }

  /** The last transfer of {@code origin}, or null. */
  public Transferred lastTransfer(Name origin) {
    SecondaryZone z = zones.get(origin);
    return z == null ? null : z.lastTransfer();
  }

  /** Serial checks made for {@code origin} so far. */
  public long checks(Name origin) {
    SecondaryZone z = zones.get(origin);
    return z == null ? 0 : z.checks();
  }

  /** Stops the threads; the served zones stay as they are. */
  @Override
  public void close() {
    for (SecondaryZone z : zones.values()) {
      try {
        z.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    store.close();
  }
}
