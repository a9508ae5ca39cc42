package org.loomdns.zone.bind

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Scratch
import org.loomdns.zone.ZoneLoadException
import org.xbill.DNS.Master
import org.xbill.DNS.Name
import spock.lang.Specification

/**
 * The zone reader reads its files a block at a time: every line, whatever block it falls across,
 * reaches dnsjava whole, and a mistake is still reported at its own line.
 */
class ZoneTextLinesSpec extends Specification {

  Path dir = Scratch.dir('zonetext')

  def cleanup() {
    dir.toFile().deleteDir()
  }

  static String zone(int hosts, String newline, String longText, boolean lastNewline) {
    def lines = ['$ORIGIN lines.test.', '$TTL 300', '@ SOA ns1 hostmaster 1 3600 600 86400 60', '@ NS ns1', 'ns1 A 192.0.2.1']
    hosts.times { i -> lines << "host${i} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}".toString() }
    lines << "long TXT ${longText}".toString()
    lines.join(newline) + (lastNewline ? newline : '')
  }

  def "a #size-byte file with #newline line ends (last one: #lastNewline) loads the records dnsjava reads from it"() {
    given:
    def longText = (1..longStrings).collect { '"' + ('x' * 250) + '"' }.join(' ')
    def file = dir.resolve('lines.test.zone')
    Files.writeString(file, zone(hosts, newline == 'CRLF' ? '\r\n' : '\n', longText, lastNewline))

    when:
    def ours = BindZoneLoader.load(file).transferRecords()*.toString() as Set
    def theirs = new Master(file.toString()).withCloseable { m ->
      def all = []
      def r
      while ((r = m.nextRecord()) != null) { all << r.toString() }
      all
    } as Set

    then:
    Files.size(file) >= size
    ours == theirs
    ours.any { it.contains('host' + (hosts - 1) + '.lines.test.') }

    where:
    hosts | longStrings | newline | lastNewline | size
    3     | 1           | 'LF'    | true        | 100
    8000  | 1           | 'LF'    | true        | 65536 * 2
    8000  | 1           | 'CRLF'  | false       | 65536 * 2
    200   | 250         | 'LF'    | false       | 65536
  }

  def "a mistake after many blocks is reported at its own line"() {
    given:
    def file = dir.resolve('lines.test.zone')
    Files.writeString(file, zone(8000, '\n', '"ok"', true) + 'bad A 10.0.0.300\n')

    when:
    BindZoneLoader.load(file)

    then:
    def e = thrown(ZoneLoadException)
    e.message.contains("lines.test.zone:${8000 + 7}")
  }
}
