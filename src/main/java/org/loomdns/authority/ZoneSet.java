package org.loomdns.authority;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.loomdns.chain.Generation;
import org.loomdns.zone.Zone;
import org.xbill.DNS.Name;

/** The zones served side by side, immutable; the longest matching origin owns a name. */
public final class ZoneSet {

  public static final ZoneSet EMPTY = new ZoneSet(List.of());

  private final Map<Name, Zone> byOrigin;
  private final int deepestOrigin;
  private final Set<Name> expired;
  private final Generation generation = new Generation();

  public ZoneSet(Collection<Zone> zones) {
    this(zones, Set.of());
  }

  /** {@code zones}, of which those with an origin in {@code expired} answer SERVFAIL. */
  public ZoneSet(Collection<Zone> zones, Set<Name> expired) {
    Map<Name, Zone> m = new HashMap<>();
    int deepest = 0;
    for (Zone z : zones) {
      if (m.putIfAbsent(z.origin(), z) != null) {
        throw new IllegalArgumentException("zone " + z.origin() + " is loaded twice: "
            + m.get(z.origin()).source() + " and " + z.source());
      }
      deepest = Math.max(deepest, z.origin().labels());
    }
    this.byOrigin = Map.copyOf(m);
    this.deepestOrigin = deepest;
    this.expired = Set.copyOf(expired);
  }

  /** Whether the zone of this origin has expired: its data is too old to be served. */
  public boolean isExpired(Name origin) {
    return !expired.isEmpty() && expired.contains(origin);
  }

  public Set<Name> expired() {
    return expired;
  }

  /** Answers from this set; ended when the set is replaced. */
  public Generation generation() {
    return generation;
  }

  /** The zone whose origin is the longest suffix of {@code name}, or null. */
  public Zone find(Name name) {
    int labels = name.labels();
    for (int strip = Math.max(0, labels - deepestOrigin); strip < labels; strip++) {
      Zone z = byOrigin.get(strip == 0 ? name : new Name(name, strip));
      if (z != null) {
        return z;
      }
    }
    return null;
  }

  /** The zone with exactly this origin, or null. */
  public Zone get(Name origin) {
    return byOrigin.get(origin);
  }

  public Collection<Zone> zones() {
    return byOrigin.values();
  }

  public boolean isEmpty() {
    return byOrigin.isEmpty();
  }
}
