package org.loomdns.update;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.loomdns.authority.ServedZones;
import org.loomdns.log.LogThrottle;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneDiff;
import org.tinylog.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * The updates waiting for one zone, applied one at a time as a combining queue: each request
 * queues itself and then takes the zone's turn; whoever has the turn applies every update queued
 * by then, one after another on the version the last one left, forces the batch's diffs to the
 * {@link UpdateLog} in one call, publishes each version in order and marks each request done. A
 * request whose update a turn before took finds itself done when its own turn comes. So a burst
 * costs one write to disk per batch, not one per update, and no update is seen before it is on disk.
 */
final class ZoneQueue {

  /** One request in the queue, and its answer once a turn has dealt with it. */
  static final class Pending {
    final Update update;
    /** Written by the thread with the turn, read by the request's own after taking the turn. */
    private volatile int rcode = -1;

    Pending(Update update) {
      this.update = update;
    }

    int rcode() {
      return rcode;
    }
  }

  private final Name origin;
  private final ServedZones served;
  private final UpdateAccess access;
  private final UpdateLog log;
  private final ArrayBlockingQueue<Pending> queue;
  /** The zone's writer lock: an update's turn excludes the zone's other writers (a re-sign) too. */
  private final ReentrantLock turn;
  private final LogThrottle failures = new LogThrottle();
  /** A peer decides how often its updates are refused: their lines are throttled. */
  private final LogThrottle refusals = new LogThrottle();

  ZoneQueue(Name origin, ServedZones served, UpdateAccess access, UpdateLog log, int capacity) {
    this.origin = origin;
    this.served = served;
    this.access = access;
    this.log = log;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.turn = served.writer(origin);
  }

  /** The update's rcode once it is on disk and published (or failed); -1 when the queue is full. */
  int submit(Update update) {
    Pending p = new Pending(update);
    if (!queue.offer(p)) {
      return -1;
    }
    turn.lock();
    try {
      if (p.rcode() < 0) {
        drain();
      }
    } finally {
      turn.unlock();
    }
    return p.rcode();
  }

  int waiting() {
    return queue.size();
  }

  /**
   * One turn: every update queued now, as one batch. Called with the turn held. Whatever goes
   * wrong, each request of the batch leaves with an rcode: none is left waiting for a turn that
   * already took it.
   */
  private void drain() {
    List<Pending> batch = new ArrayList<>(queue.size());
    queue.drainTo(batch);
    try {
      apply(batch);
    } catch (RuntimeException e) {
      failures.error(e, "update of {} failed: {}", origin, e.toString());
    } finally {
      batch.stream().filter(p -> p.rcode < 0).forEach(p -> p.rcode = Rcode.SERVFAIL);
    }
  }

  private void apply(List<Pending> batch) {
    Zone head = served.current().get(origin);
    List<Zone> versions = new ArrayList<>();
    List<ZoneDiff> diffs = new ArrayList<>();
    int[] rcodes = new int[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      if (head == null) {
        rcodes[i] = Rcode.NOTAUTH; // withdrawn since the request was queued
        continue;
      }
      Update.Result r = batch.get(i).update.applyTo(head, access);
      rcodes[i] = r.rcode();
      if (r.why() != null) {
        refusals.warn("update of {} {}: {}", origin, Rcode.string(r.rcode()), r.why());
      }
      if (r.edit() != null) {
        head = r.edit().zone();
        versions.add(head);
        diffs.add(r.edit().diff());
      }
    }
    if (!diffs.isEmpty()) {
      try {
        log.append(origin, List.copyOf(diffs));
      } catch (IOException | RuntimeException e) {
        failures.error(e, "update of {}: the update log failed, {} updates answered SERVFAIL and not served: {}",
            origin, batch.size(), e.toString());
        return;
      }
      for (int i = 0; i < versions.size(); i++) {
        served.publish(versions.get(i), diffs.get(i));
      }
      Logger.info("update of {}: serial {} to {} in {} of {} updates", origin, diffs.getFirst().fromSerial(),
          diffs.getLast().toSerial(), diffs.size(), batch.size());
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).rcode = rcodes[i];
    }
  }
}
