package org.loomdns.zone.bind

import java.lang.management.ManagementFactory
import org.loomdns.zone.Zone
import org.loomdns.zone.Zones
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import spock.lang.Specification

/**
 * A zone is written as dnsjava writes each record, with the names put into text by the writer
 * itself, so that writing a big zone (a secondary's copy on disk) churns little of the heap.
 */
class ZoneWriterSpec extends Specification {

  static final List<Record> MIXED = [
      Zones.record('@', 'MX', '10 mail'),
      Zones.record('@', 'TXT', '"v=spf1 -all" "two"'),
      Zones.record('mail', 'AAAA', '2001:db8::25'),
      Zones.record('mail', 'AAAA', '::'),
      Zones.record('mail', 'AAAA', '::ffff:192.0.2.1'),
      Zones.record('mail', 'AAAA', '::192.0.2.1'),
      Zones.record('mail', 'AAAA', 'fe80:a:bc:def:1000:0:ffff:f00'),
      Zones.record('mail', 'A', '0.10.100.255'),
      Zones.record('www', 'CNAME', 'a.long-enough-to-pass-sixteen-columns.example.'),
      Zones.record('*.users', 'A', '192.0.2.100'),
      Zones.record('sub', 'NS', 'ns.sub'),
      Zones.record('ns.sub', 'A', '192.0.2.200'),
      Zones.record('\\@odd\\$\\;\\(x\\)\\"q\\\\\\.dot\\032sp\\255', 'A', '192.0.2.7'),
      Zones.record('_sip._tcp', 'SRV', '0 5 5060 sip'),
      Zones.record('e', 'HINFO', '"cpu" "os"'),
      Zones.record('caa', 'CAA', '0 issue "ca.example"', 60)]

  def "every record of a zone is written as dnsjava's text of it, SOA first and once"() {
    given:
    Zone zone = Zones.hosts(7, 3, [:], MIXED)
    def text = new StringWriter()

    when:
    ZoneWriter.write(zone, 'a test', text)

    then:
    def records = zone.transferRecords()
    text.toString() == "; a test\n\$ORIGIN diff.example.\n" + records.subList(0, records.size() - 1)
        .collect { it.toString() + '\n' }.join('')
  }

  def "a name of any octets is written as dnsjava's Name.toString writes it"() {
    given:
    def random = new Random(16)
    def names = [Name.root, Name.fromString('*.example.')] + (1..500).collect {
      def labels = (1..1 + random.nextInt(3)).collect {
        def octets = new byte[1 + random.nextInt(12)]
        random.nextBytes(octets)
        octets
      }
      def wire = new ByteArrayOutputStream()
      labels.each { wire.write(it.length); wire.write(it) }
      wire.write(0)
      new Name(wire.toByteArray())
    }
    def into = new char[1024]

    expect:
    names.every { new String(into, 0, ZoneWriter.text(it, into, 0)) == it.toString() }
  }

  def "writing a big zone allocates less than a third of what writing each record's toString does"() {
    given:
    Zone zone = Zones.hosts(7, 20_000, [:], (0..<5_000).collect { Zones.record("host$it", 'AAAA', "2001:db8::$it") })
    def records = zone.transferRecords()
    def threads = (com.sun.management.ThreadMXBean) ManagementFactory.threadMXBean
    def allocated = { Closure work ->
      work() // once to load and compile what it runs
      long before = threads.currentThreadAllocatedBytes
      work()
      threads.currentThreadAllocatedBytes - before
    }

    when:
    long writer = allocated { ZoneWriter.write(zone, 'a test', Writer.nullWriter()) }
    long toString = allocated {
      def w = Writer.nullWriter()
      for (Record r : records.subList(0, records.size() - 1)) {
        w.write(r.toString())
        w.write('\n')
      }
    }

    then:
    writer < toString / 3
  }
}
