package org.loomdns.authority;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.loomdns.zone.VersionSigner;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneDiff;
import org.loomdns.zone.ZoneEditor;
import org.loomdns.zone.ZoneHistory;
import org.tinylog.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Serial;

/**
 * The zones being served now, one version of each, and the only place a version changes: a
 * reload, a transfer or an update publishes a new {@link Zone} for one origin and every query
 * from then on reads it, while queries already running finish on the version they started with.
 * Each change builds a new immutable {@link ZoneSet} and swaps it in whole, so a reader never
 * sees half a change; writers take turns. Each new version of a zone already served adds its
 * {@link ZoneDiff} to that zone's {@link ZoneHistory}, whatever published it, which is what
 * IXFR answers from.
 */
public final class ServedZones {

  /** What became of one zone: its new version, or {@code null} when it stopped being served. */
  public record Change(Name origin, Zone previous, Zone current) {}

  private final AtomicReference<ZoneSet> set;
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  /** Each zone's history: made, or being made on a thread of its own (see {@link #record}). */
  private final Map<Name, FutureTask<ZoneHistory>> histories = new ConcurrentHashMap<>();
  private final Map<Name, ReentrantLock> writers = new ConcurrentHashMap<>();
  private final ZoneHistory.Limits limits;
  private final BiFunction<Zone, Zone, ZoneDiff> compare;
  /** Signs each version published before it is served; null when no zone is signed online. */
  private volatile VersionSigner signer;

  public ServedZones(ZoneSet initial) {
    this(initial, ZoneHistory.Limits.DEFAULT);
  }

  /** Serves {@code initial}, keeping each zone's history within {@code limits}. */
  public ServedZones(ZoneSet initial, ZoneHistory.Limits limits) {
    this(initial, limits, ZoneDiff::between);
  }

  /** As above, with the versions compared by {@code compare} (tests hold it to see who waits). */
  ServedZones(ZoneSet initial, ZoneHistory.Limits limits, BiFunction<Zone, Zone, ZoneDiff> compare) {
    this.set = new AtomicReference<>(initial);
    this.limits = limits;
    this.compare = compare;
  }

  /**
   * The diffs that led to the version of {@code origin} served now (empty when none are kept);
   * while the last step is still being found, waits for it.
   */
  public ZoneHistory history(Name origin) {
    FutureTask<ZoneHistory> h = histories.get(origin);
    return h == null ? ZoneHistory.EMPTY : await(h, origin);
  }

  private ZoneHistory await(FutureTask<ZoneHistory> h, Name origin) {
    try {
      return h.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ZoneHistory.EMPTY;
    } catch (ExecutionException e) {
      if (histories.remove(origin, h)) {
        Logger.error(e.getCause(), "zone {}: comparing two versions failed; IXFR starts over from this version", origin);
      }
      return ZoneHistory.EMPTY;
    }
  }

  /** The set to answer one query from. */
  public ZoneSet current() {
    return set.get();
  }

  /**
   * Has {@code signer} turn every version published from now on into the one served (a zone
   * signed online gets its signatures), whoever publishes it.
   */
  public void signWith(VersionSigner signer) {
    this.signer = signer;
  }

  /**
   * The lock each writer of {@code origin} that changes the version served (dynamic updates, the
   * re-signing of a zone signed online) holds from reading that version to publishing the next,
   * so no two of them start from the same version: their serials go up one after the other and
   * neither loses the other's change.
   */
  public ReentrantLock writer(Name origin) {
    return writers.computeIfAbsent(origin, o -> new ReentrantLock());
  }

  /** Called after every change, on the thread that made it; must not block for long. */
  public void onChange(Consumer<Change> listener) {
    listeners.add(listener);
  }

  /**
   * Serves {@code zone} from now on in place of the version with its origin (if any), and ends
   * that zone's expiry. Publishing the version already served changes nothing.
   */
  public void publish(Zone zone) {
    publish(zone, null);
  }

  /**
   * As {@link #publish(Zone)}, when the caller knows the difference from the version served (an
   * editor made it): the history takes it as it is instead of comparing the two versions, which
   * for a big zone costs a visit of every name. A {@code diff} from another version than the one
   * served is ignored and the versions compared.
   */
  public void publish(Zone zone, ZoneDiff diff) {
    Change change;
    synchronized (this) {
      ZoneSet now = set.get();
      Zone previous = now.get(zone.origin());
      if (previous == zone && !now.isExpired(zone.origin())) {
        return;
      }
      VersionSigner s = signer;
      if (s != null && previous != zone) {
        ZoneEditor.Edit signed = s.sign(previous, zone, diff);
        zone = signed.zone();
        diff = signed.diff();
      }
      if (previous != null && previous != zone) {
        record(previous, zone, diff != null && diff.from() == previous.soa() ? diff : null);
      }
      Map<Name, Zone> zones = byOrigin(now);
      zones.put(zone.origin(), zone);
      Set<Name> expired = new HashSet<>(now.expired());
      expired.remove(zone.origin());
      swap(now, new ZoneSet(zones.values(), expired));
      change = new Change(zone.origin(), previous, zone);
    }
    tell(change);
  }

  /** Stops serving {@code origin}: its names pass to the next stage again. */
  public void withdraw(Name origin) {
    Change change;
    synchronized (this) {
      ZoneSet now = set.get();
      Zone previous = now.get(origin);
      if (previous == null) {
        return;
      }
      Map<Name, Zone> zones = byOrigin(now);
      zones.remove(origin);
      histories.remove(origin);
      Set<Name> expired = new HashSet<>(now.expired());
      expired.remove(origin);
      swap(now, new ZoneSet(zones.values(), expired));
      change = new Change(origin, previous, null);
    }
    tell(change);
  }

  /**
   * Marks {@code origin} expired (a secondary that could not reach its primaries for the SOA's
   * expire time): its names get SERVFAIL, as BIND and Knot answer, until a version is published.
   */
  public void expire(Name origin) {
    synchronized (this) {
      ZoneSet now = set.get();
      if (now.get(origin) == null || now.isExpired(origin)) {
        return;
      }
      Set<Name> expired = new HashSet<>(now.expired());
      expired.add(origin);
      swap(now, new ZoneSet(now.zones(), expired));
    }
  }

  /**
   * Adds the step from {@code previous} to {@code zone} to the zone's history, so a query that
   * sees the new version finds the diff that leads to it. A diff not known yet (a reload, or a
   * whole zone transferred) is found by comparing the two versions, a visit of every name: that
   * runs on a thread of its own after the swap, and {@link #history} waits for it, so a new
   * version is served without waiting for the comparison. Steps are added in the order of the
   * versions, each after the one before. A change whose serial does not go forward (RFC 1982) is
   * one no secondary will fetch: it is warned about at once, and the history starts over, since
   * its serials no longer lead here.
   */
  private void record(Zone previous, Zone zone, ZoneDiff known) {
    boolean forward = Serial.compare(zone.serial(), previous.serial()) > 0;
    if (forward && limits.count() == 0) {
      return; // no history to keep and nothing to warn of: a big zone's difference is not worth computing
    }
    Name origin = zone.origin();
    if (!forward) {
      if (!(known != null ? known : compare.apply(previous, zone)).isEmpty()) {
        Logger.warn("zone {} from {}: serial {} is not greater than the {} served, yet the content "
            + "changed; secondaries will not fetch it (raise the serial)", origin, zone.source(),
            zone.serial(), previous.serial());
        histories.remove(origin);
      }
      return;
    }
    FutureTask<ZoneHistory> before = histories.get(origin);
    FutureTask<ZoneHistory> next = new FutureTask<>(() -> {
      ZoneHistory base = before == null ? ZoneHistory.EMPTY : await(before, origin);
      ZoneDiff diff = known != null ? known : compare.apply(previous, zone);
      return diff.isEmpty() ? base : base.append(diff, limits);
    });
    histories.put(origin, next);
    if (known != null) {
      next.run();
    } else {
      Thread.ofVirtual().name("history " + origin).start(next);
    }
  }

  private static Map<Name, Zone> byOrigin(ZoneSet set) {
    Map<Name, Zone> zones = new HashMap<>();
    for (Zone z : set.zones()) {
      zones.put(z.origin(), z);
    }
    return zones;
  }

  private void swap(ZoneSet previous, ZoneSet next) {
    set.set(next);
    previous.generation().end();
  }

  private void tell(Change change) {
    for (Consumer<Change> l : listeners) {
      l.accept(change);
    }
  }
}
