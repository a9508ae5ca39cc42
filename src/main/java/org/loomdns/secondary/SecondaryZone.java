package org.loomdns.secondary;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.loomdns.authority.ServedZones;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneLoadException;
import org.loomdns.stats.Tally;
import org.tinylog.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;
import org.xbill.DNS.ZoneTransferException;

/**
 * One secondary zone kept fresh on its own virtual thread, in plain blocking code (RFC 1034
 * section 4.3.5): ask the primaries for the serial every SOA refresh, every SOA retry after a
 * failure, at once on NOTIFY; transfer when theirs is newer; expire (SERVFAIL) when no primary
 * answered for the SOA's expire time. A transfer that fails leaves the served version as it was.
 */
final class SecondaryZone {

  /** Before we hold any version the SOA says nothing: retry after 1 s, doubling to a minute. */
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration MAX_FIRST_RETRY = Duration.ofMinutes(1);
  /** SOA timers are taken as given within these (a zero or a year would be a mistake). */
  static final long MIN_TIMER = 1;
  static final long MAX_TIMER = Duration.ofDays(28).toSeconds();
  static final Duration SOA_TIMEOUT = Duration.ofSeconds(3);
  /**
   * A NOTIFY checks at once, but not sooner than this after the last check began: a primary
   * retrying, or several primaries notifying one change, make one check, not one each.
   */
  static final Duration NOTIFY_HOLDOFF = Duration.ofSeconds(1);

  private final SecondaryConfig config;
  private final ServedZones served;
  private final ZoneStore store;
  private final TransferLimits limits;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean notified;
  /** When the last check began (nanoTime); a NOTIFY waits for {@link #NOTIFY_HOLDOFF} after it. */
  private long lastCheck = System.nanoTime() - NOTIFY_HOLDOFF.toNanos();
  private Thread thread;
  /** Set by close: dnsjava may swallow the interrupt of a query in flight, this is not lost. */
  private volatile boolean closed;
  /** The version we hold (served, or expired), and when it stops being servable (nanoTime). */
  private volatile Zone zone;
  private long expiresAt;
  private boolean expired;
  private volatile Transferred last;
  private volatile long checks;
  private final Tally transfers;
  /** How long a shutdown waits for the copy on disk being written. */
  private static final Duration WRITE_AT_CLOSE = Duration.ofSeconds(30);
  private CopyWriter writer;

  SecondaryZone(SecondaryConfig config, ServedZones served, ZoneStore store, TransferLimits limits, Tally transfers) {
    this.config = config;
    this.transfers = transfers;
    this.served = served;
    this.store = store;
    this.limits = limits;
  }

  Name origin() {
    return config.origin();
  }

  SecondaryConfig config() {
    return config;
  }

  /** The version held (served, or expired), or null before the first. */
  Zone current() {
    return zone;
  }

  /** The last transfer, or null. */
  Transferred lastTransfer() {
    return last;
  }

  /** Serial checks made so far (each may try several primaries). */
  long checks() {
    return checks;
  }

  /** Serves the version on disk, if any, then starts the thread that keeps the zone fresh. */
  void start() {
    loadStored();
    writer = new CopyWriter(origin(), store);
    thread = Thread.ofVirtual().name("secondary " + origin()).start(this::run);
  }

  /** A NOTIFY came: check the serial now. Bursts coalesce into one check after the running one. */
  void notifyReceived() {
    lock.lock();
    try {
      notified = true;
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  void close() throws InterruptedException {
    closed = true;
    if (thread == null) {
      return;
    }
    lock.lock();
    try {
      wake.signal();
    } finally {
      lock.unlock();
    }
    // A query or transfer in flight is interrupted; the copies transferred are written first.
    if (!thread.join(Duration.ofSeconds(2))) {
      thread.interrupt();
      thread.join(Duration.ofSeconds(3));
    }
    writer.close(WRITE_AT_CLOSE);
  }

  private void loadStored() {
    ZoneStore.Stored stored;
    try {
      stored = store.load(origin());
    } catch (ZoneLoadException | IOException e) {
      Logger.warn("secondary zone {}: not serving the copy on disk: {}", origin(), e.getMessage());
      return;
    }
    if (stored == null) {
      return;
    }
    zone = stored.zone();
    long age = Math.max(0, Duration.between(stored.fresh(), Instant.now()).toNanos());
    expiresAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(timer(zone.soa().getExpire())) - age;
    served.publish(zone);
    Logger.info("secondary zone {} serial {} ({} records) served from {}", origin(), zone.serial(),
        zone.recordCount(), store.fileFor(origin()));
    expireIfDue();
  }

  private void run() {
    long nextCheck = System.nanoTime();
    Duration firstRetry = FIRST_RETRY;
    while (!closed) {
      try {
        awaitCheck(nextCheck);
      } catch (InterruptedException e) {
        return;
      }
      checks++;
      boolean fresh = check();
      Zone z = zone;
      long wait;
      if (z == null) {
        wait = firstRetry.toNanos();
        firstRetry = firstRetry.multipliedBy(2).compareTo(MAX_FIRST_RETRY) > 0 ? MAX_FIRST_RETRY
            : firstRetry.multipliedBy(2);
      } else {
        SOARecord soa = z.soa();
        wait = TimeUnit.SECONDS.toNanos(timer(fresh ? soa.getRefresh() : soa.getRetry()));
      }
      nextCheck = System.nanoTime() + wait;
    }
  }

  /**
   * Sleeps until the next check is due or a NOTIFY comes, expiring the zone if its time comes
   * first.
   */
  private void awaitCheck(long nextCheck) throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        expireIfDue();
        long now = System.nanoTime();
        long due = nextCheck;
        if (notified) {
          long notifyDue = lastCheck + NOTIFY_HOLDOFF.toNanos();
          due = notifyDue - nextCheck < 0 ? notifyDue : nextCheck;
        }
        if (closed) {
          throw new InterruptedException("closed");
        }
        if (now - due >= 0) {
          notified = false;
          lastCheck = now;
          return;
        }
        long until = due - now;
        if (zone != null && !expired) {
          until = Math.min(until, Math.max(0, expiresAt - now));
        }
        wake.awaitNanos(Math.max(1, until));
      }
    } finally {
      lock.unlock();
    }
  }

  private void expireIfDue() {
    if (zone != null && !expired && System.nanoTime() - expiresAt >= 0) {
      expired = true;
      served.expire(origin());
      Logger.warn("secondary zone {} serial {} expired: no primary answered for {} s; answering SERVFAIL",
          origin(), zone.serial(), timer(zone.soa().getExpire()));
    }
  }

  /** Asks the primaries in order until one answers; true when the zone is current with one. */
  private boolean check() {
    for (Primary primary : config.primaries()) {
      Zone current = zone;
      try {
        if (current != null) {
          long theirs = Transfer.serial(primary, origin(), SOA_TIMEOUT);
          int cmp = Serial.compare(theirs, current.serial());
          if (cmp <= 0) {
            if (cmp < 0) {
              Logger.warn("secondary zone {}: primary {} has serial {}, older than our {}; keeping ours",
                  origin(), primary, theirs, current.serial());
            }
            confirmed(current);
            transfers.count(origin().toString(), "current");
            return true;
          }
        }
        Transferred t = Transfer.fetch(primary, origin(), current, limits);
        if (t == null) {
          confirmed(current);
          transfers.count(origin().toString(), "current");
        } else {
          install(t);
          transfers.count(origin().toString(), t.kind().toLowerCase(java.util.Locale.ROOT));
        }
        return true;
      } catch (IOException | ZoneTransferException | ZoneLoadException e) {
        Logger.warn("secondary zone {}: primary {} failed: {}", origin(), primary,
            e.getMessage() == null ? e.toString() : e.getMessage());
        transfers.count(origin().toString(), "failed");
      }
      if (closed) {
        return false;
      }
    }
    return false;
  }

  /** The primary holds the version we hold: it is fresh again, and served again if it had expired. */
  private void confirmed(Zone current) {
    lock.lock();
    try {
      expiresAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(timer(current.soa().getExpire()));
      if (expired) {
        expired = false;
        served.publish(current);
        Logger.info("secondary zone {} serial {} is current again", origin(), current.serial());
      }
    } finally {
      lock.unlock();
    }
    try {
      store.touch(origin());
    } catch (IOException e) {
      Logger.warn("secondary zone {}: cannot touch {}: {}", origin(), store.fileFor(origin()), e.getMessage());
    }
  }

  private void install(Transferred t) {
    lock.lock();
    try {
      zone = t.zone();
      expired = false;
      expiresAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(timer(t.zone().soa().getExpire()));
      served.publish(t.zone(), t.diff());
      last = t;
    } finally {
      lock.unlock();
    }
    writer.submit(t);
  }

  private static long timer(long seconds) {
    return Math.max(MIN_TIMER, Math.min(MAX_TIMER, seconds));
  }
}
