package org.loomdns.zone

import static org.loomdns.zone.Zones.hosts

import spock.lang.Specification

/** The chain of diffs kept for IXFR: found from any serial it reaches back to, and bounded. */
class ZoneHistorySpec extends Specification {

  /** Diffs 1→2, 2→3, ... (n of them), each changing one host's address. */
  static List<ZoneDiff> chain(int n) {
    (1..n).collect { ZoneDiff.between(hosts(it, 3, [1: "192.0.2.${it}"]), hosts(it + 1, 3, [1: "192.0.2.${it + 1}"])) }
  }

  static ZoneHistory appendAll(List<ZoneDiff> diffs, ZoneHistory.Limits limits) {
    diffs.inject(ZoneHistory.EMPTY) { h, d -> h.append(d, limits) }
  }

  def "the diffs from a serial to the current one are found in order; #serial to 5 gives #expected"() {
    given:
    def history = appendAll(chain(4), ZoneHistory.Limits.DEFAULT)

    expect:
    history.between(serial, 5)?.collect { [it.fromSerial(), it.toSerial()] } == expected

    where:
    serial || expected
    1      || [[1, 2], [2, 3], [3, 4], [4, 5]]
    3      || [[3, 4], [4, 5]]
    4      || [[4, 5]]
    0      || null
    7      || null
  }

  def "a history that runs past the version asked about stops at it"() {
    expect:
    appendAll(chain(4), ZoneHistory.Limits.DEFAULT).between(2, 4)*.toSerial() == [3, 4]
  }

  def "at most #count diffs are kept, the oldest dropped first"() {
    when:
    def history = appendAll(chain(6), new ZoneHistory.Limits(count, 1 << 20))

    then:
    history.diffs()*.fromSerial() == kept
    history.between(1, 7) == null

    where:
    count || kept
    1     || [6]
    3     || [4, 5, 6]
  }

  def "the diffs kept stay within the byte limit, the oldest dropped first"() {
    given:
    def diffs = chain(6)
    long each = diffs[0].bytes()
    assert diffs.every { it.bytes() == each }

    when:
    def history = appendAll(diffs, new ZoneHistory.Limits(24, each * 2 + each.intdiv(2)))

    then:
    history.diffs()*.fromSerial() == [5, 6]
    history.bytes() == each * 2
  }

  def "a diff larger than the byte limit leaves no history"() {
    when:
    def history = appendAll(chain(2), new ZoneHistory.Limits(24, 10))

    then:
    history.diffs().empty
    history.bytes() == 0
  }

  def "a diff that does not start where the last ended starts the history over"() {
    given:
    def diffs = chain(4)

    when:
    def history = appendAll([diffs[0], diffs[1], diffs[3]], ZoneHistory.Limits.DEFAULT)

    then:
    history.diffs()*.fromSerial() == [4]
    history.between(1, 5) == null
  }

  def "sizes are read with units: #text"() {
    expect:
    ZoneHistory.Limits.parse(5, text).bytes() == bytes

    where:
    text    || bytes
    '16m'   || 16L << 20
    '512k'  || 512L << 10
    '1g'    || 1L << 30
    '1000'  || 1000
  }

  def "a bad size or count is a clear error: #count #text"() {
    when:
    ZoneHistory.Limits.parse(count, text)

    then:
    def e = thrown(IllegalArgumentException)
    e.message.contains(says)

    where:
    count | text    || says
    5     | 'lots'  || '--ixfr-history-size is bytes'
    5     | '-1m'   || '--ixfr-history-size is bytes'
    -1    | '16m'   || '--ixfr-history must be 0 or more'
  }
}
