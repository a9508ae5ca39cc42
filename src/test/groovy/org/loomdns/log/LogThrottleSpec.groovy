package org.loomdns.log

import java.time.Duration
import spock.lang.Specification

class LogThrottleSpec extends Specification {

  long now = 0
  LogThrottle throttle(int lines) {
    new LogThrottle(lines, Duration.ofSeconds(10), { now })
  }

  def "of #calls failures in one interval, #logged are logged when #lines lines are allowed"() {
    given:
    def t = throttle(lines)

    when:
    def admitted = (1..calls).count { t.admit() >= 0 }

    then:
    admitted == logged

    where:
    lines | calls || logged
    10    | 1     || 1
    10    | 10    || 10
    10    | 11    || 10
    10    | 10000 || 10
    1     | 5     || 1
  }

  def "the first line of a new interval says how many were held back before it"() {
    given:
    def t = throttle(2)

    when:
    def first = (1..7).collect { t.admit() }
    now += Duration.ofSeconds(10).toNanos()
    def next = (1..3).collect { t.admit() }

    then:
    first == [0, 0, -1, -1, -1, -1, -1]
    next == [5, 0, -1]
  }

  def "a quiet spell shorter than the interval does not renew the allowance"() {
    given:
    def t = throttle(3)
    (1..3).each { t.admit() }

    when:
    now += Duration.ofSeconds(9).toNanos()

    then:
    t.admit() == -1

    when:
    now += Duration.ofSeconds(1).toNanos()

    then:
    t.admit() == 1
  }

  def "threads racing on one throttle let about the allowance through"() {
    given:
    def t = new LogThrottle()
    def admitted = new java.util.concurrent.atomic.AtomicInteger()

    when:
    def threads = (1..8).collect {
      Thread.ofVirtual().start { 1000.times { if (t.admit() >= 0) admitted.incrementAndGet() } }
    }
    threads*.join()

    then:
    admitted.get() == LogThrottle.LINES
  }
}
