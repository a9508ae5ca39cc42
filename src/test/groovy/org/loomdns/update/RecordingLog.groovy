package org.loomdns.update

import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import org.loomdns.authority.ServedZones
import org.loomdns.zone.ZoneDiff
import org.xbill.DNS.Name

/**
 * The test double of the journal: keeps each batch it is given, and checks, when given it, that
 * none of it is served yet (the contract: on disk before published). It can be told to fail, or
 * to hold a batch until released, so that the next requests queue up behind it.
 */
class RecordingLog implements UpdateLog {

  final List<List<ZoneDiff>> batches = new CopyOnWriteArrayList<>()
  /** Appends that found part of their batch already served: must stay empty. */
  final List<String> servedTooEarly = new CopyOnWriteArrayList<>()
  ServedZones served
  volatile IOException failure
  /** The append (counting from 0) that throws {@link #failure}; -1: every one while it is set. */
  volatile int failAt = -1
  private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger()
  volatile CountDownLatch hold
  final CountDownLatch holding = new CountDownLatch(1)

  @Override
  void append(Name origin, List<ZoneDiff> diffs) throws IOException {
    long servedSerial = served.current().get(origin).serial()
    if (servedSerial != diffs.first().fromSerial()) {
      servedTooEarly << "${origin} serial ${servedSerial} served while appending from ${diffs.first().fromSerial()}".toString()
    }
    def h = hold
    if (h != null) {
      hold = null // only the first batch is held
      holding.countDown()
      assert h.await(30, TimeUnit.SECONDS)
    }
    int call = calls.getAndIncrement()
    if (failure != null && (failAt < 0 || failAt == call)) {
      throw failure
    }
    batches << List.copyOf(diffs)
  }

  List<ZoneDiff> getDiffs() {
    batches.flatten() as List<ZoneDiff>
  }
}
