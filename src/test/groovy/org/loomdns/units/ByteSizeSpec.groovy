package org.loomdns.units

import spock.lang.Specification

class ByteSizeSpec extends Specification {

  def "'#text' is #bytes bytes"() {
    expect:
    ByteSize.parse(text) == bytes

    where:
    text                    || bytes
    '0'                     || 0
    '512'                   || 512
    '64k'                   || 65_536
    ' 16M '                 || 16 * 1024 * 1024
    '2g'                    || 2L << 30
    '8589934591g'           || 8589934591L << 30
  }

  def "'#text' says no size"() {
    expect:
    ByteSize.parse(text) == -1

    where:
    text << ['', 'm', 'lots', '-1', '-5m', '1.5m', '64mb', '8589934592g', '99999999999999999999']
  }
}
