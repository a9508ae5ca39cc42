package org.loomdns.update

import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import org.loomdns.stats.Drops
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Type
import org.xbill.DNS.Update
import spock.lang.AutoCleanup
import spock.lang.Specification

/**
 * The per-zone combining queue: updates that arrive while a batch is being forced to disk wait and
 * go to disk together, each with its own prerequisites, rcode and serial; nothing is served or
 * answered before the log returned; a log that fails fails its whole batch; a full queue sheds.
 */
class GroupCommitSpec extends Specification {

  static final Name ORIGIN = Name.fromString('example.com.')

  @AutoCleanup
  UpdateServer loom = new UpdateServer()

  static Message add(String host, Closure prereq = {}) {
    def u = new Update(ORIGIN)
    prereq(u)
    u.add(Name.fromString(host + '.example.com.'), Type.A, 60, '192.0.2.1')
    u
  }

  CompletableFuture<Integer> sendAsync(Message m) {
    CompletableFuture.supplyAsync({ loom.send(m).rcode }, Executors.newVirtualThreadPerTaskExecutor())
  }

  def "updates queued behind a batch on its way to disk go to disk as one batch, each with its own prerequisites and serial"() {
    given: 'the first update is held inside the log'
    loom.log.hold = new CountDownLatch(1)
    def hold = loom.log.hold
    def first = sendAsync(add('first'))
    assert loom.log.holding.await(30, TimeUnit.SECONDS)

    when: 'four more arrive, one after the other, while it is held'
    def second = sendAsync(add('second'))
    loom.awaitWaiting(1)
    def needsSecond = sendAsync(add('third') { it.present(Name.fromString('second.example.com.')) })
    loom.awaitWaiting(2)
    def forbidsSecond = sendAsync(add('fourth') { it.absent(Name.fromString('second.example.com.')) })
    loom.awaitWaiting(3)
    def fifth = sendAsync(add('fifth'))
    loom.awaitWaiting(4)

    then: 'none of them is served, nor answered, yet'
    loom.serial() == 2026120501L
    !first.done && !second.done && !fifth.done

    when:
    hold.countDown()

    then: 'the four went to disk in one call, in order; the one whose prerequisite failed is not among them'
    [first, second, needsSecond, forbidsSecond, fifth]*.get(30, TimeUnit.SECONDS).collect { Rcode.string(it) } ==
        ['NOERROR', 'NOERROR', 'NOERROR', 'YXDOMAIN', 'NOERROR']
    loom.log.batches*.size() == [1, 3]
    loom.log.diffs*.toSerial() == [2026120502L, 2026120503L, 2026120504L, 2026120505L]
    loom.serial() == 2026120505L
    loom.log.servedTooEarly.isEmpty()
    loom.data('fourth.example.com.', Type.A) == []
  }

  def "a log that fails answers its whole batch SERVFAIL and serves none of it; the next batch starts from the served version"() {
    given:
    loom.log.failure = new IOException('No space left on device')
    loom.log.failAt = 1
    loom.log.hold = new CountDownLatch(1)
    def hold = loom.log.hold
    def first = sendAsync(add('first'))
    assert loom.log.holding.await(30, TimeUnit.SECONDS)
    def second = sendAsync(add('second'))
    loom.awaitWaiting(1)
    def third = sendAsync(add('third'))
    loom.awaitWaiting(2)

    when:
    hold.countDown()

    then:
    [first, second, third]*.get(30, TimeUnit.SECONDS).collect { Rcode.string(it) } == ['NOERROR', 'SERVFAIL', 'SERVFAIL']
    loom.serial() == 2026120502L
    loom.data('second.example.com.', Type.A) == []
    loom.data('third.example.com.', Type.A) == []

    when: 'the disk has room again'
    def again = loom.send(add('second'))

    then:
    again.rcode == Rcode.NOERROR
    loom.serial() == 2026120503L
    loom.log.diffs*.toSerial() == [2026120502L, 2026120503L]
  }

  def "an update that finds its zone's queue full is answered SERVFAIL and counted"() {
    given:
    def small = new UpdateServer(capacity: 2)
    small.log.hold = new CountDownLatch(1)
    def hold = small.log.hold
    def send = { Message m -> CompletableFuture.supplyAsync({ small.send(m).rcode }, Executors.newVirtualThreadPerTaskExecutor()) }
    def first = send(add('first'))
    assert small.log.holding.await(30, TimeUnit.SECONDS)
    def queued = [send(add('a'))]
    small.awaitWaiting(1)
    queued << send(add('b'))
    small.awaitWaiting(2)

    when:
    def shed = small.send(add('c'))

    then:
    shed.rcode == Rcode.SERVFAIL
    small.drops.get(Drops.Kind.UPDATE_QUEUE_FULL) == 1

    when:
    hold.countDown()

    then:
    ([first] + queued)*.get(30, TimeUnit.SECONDS).every { it == Rcode.NOERROR }
    small.data('c.example.com.', Type.A) == []

    cleanup:
    small?.close()
  }

  def "100 updaters at once: none is lost, and the serial goes up by one per update, strictly in order"() {
    given:
    def pool = Executors.newFixedThreadPool(16)
    int n = 100

    when:
    def replies = (1..n).collect { i ->
      CompletableFuture.supplyAsync({ loom.send(add("host${i}")).rcode }, pool)
    }*.get(60, TimeUnit.SECONDS)
    println "100 concurrent updates: ${loom.log.batches.size()} appends to the log, batches of ${loom.log.batches*.size()}"

    then:
    replies.every { it == Rcode.NOERROR }
    (1..n).every { loom.data("host${it}.example.com.", Type.A) == ['192.0.2.1'] }
    loom.serial() == 2026120501L + n
    def diffs = loom.log.diffs
    diffs*.toSerial() == (1..n).collect { 2026120501L + it }
    (1..<n).every { diffs[it].from() == diffs[it - 1].to() }
    loom.log.servedTooEarly.isEmpty()

    cleanup:
    pool?.shutdownNow()
  }
}
