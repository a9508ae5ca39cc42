package org.loomdns.zone.dsl

import java.nio.file.Files
import java.nio.file.Path
import java.time.LocalDate
import java.time.format.DateTimeFormatter
import org.loomdns.support.Scratch
import org.loomdns.zone.Zone
import org.loomdns.zone.ZoneLoadException
import org.xbill.DNS.Name
import org.xbill.DNS.Type
import spock.lang.Specification

/** Twisted pyzone files as their users write them: the Python they hold runs, and gives these records. */
class PyZoneSpec extends Specification {

  static final String HEAD = """\
zone = [
    SOA('p.example', mname='ns.p.example', rname='hm.p.example', serial=1,
        refresh='1H', retry='1H', expire='1H', minimum='5M'),
    NS('p.example', 'ns.p.example'),
]
"""

  Path dir = Scratch.dir('pyzone')

  Path file(String name, String text) {
    Path f = dir.resolve(name)
    Files.writeString(f, text)
    f
  }

  static List<String> data(Zone z, String name, int type) {
    (z.node(Name.fromString(name))?.get(type)?.records*.rdataToString() ?: []).sort()
  }

  def "#construct gives the records Twisted gives"() {
    given:
    def z = GroovyZoneLoader.load(file('p.example', HEAD + python))

    expect:
    data(z, name, type) == values

    where:
    construct                  | python                                                                                        || name              | type      | values
    'an assignment and +'      | "net = '10.0.0.'\nzone.append(A('a.p.example', net + '1'))\n"                                   || 'a.p.example.'    | Type.A    | ['10.0.0.1']
    '% formatting'             | "zone.append(A('h%02d.p.example' % 7, '10.0.%d.%d' % (1, 2)))\n"                                || 'h07.p.example.'  | Type.A    | ['10.0.1.2']
    '.format'                  | "zone.append(A('{}.p.example'.format('f'), '{0}.{0}.{1}.{x}'.format(10, 0, x=3)))\n"            || 'f.p.example.'    | Type.A    | ['10.10.0.3']
    'an f-string'              | "n = 4\nzone.append(A(f'w{n:03d}.p.example', f'10.0.0.{n * 2}'))\n"                              || 'w004.p.example.' | Type.A    | ['10.0.0.8']
    'for over range'           | "for i in range(1, 4):\n    zone.append(A('r.p.example', '10.1.0.' + str(i)))\n"               || 'r.p.example.'    | Type.A    | ['10.1.0.1', '10.1.0.2', '10.1.0.3']
    'a list comprehension'     | "zone += [A('c.p.example', '10.2.0.%d' % i) for i in range(8) if i % 4 == 0]\n"                 || 'c.p.example.'    | Type.A    | ['10.2.0.0', '10.2.0.4']
    'extend with a tuple loop' | "for p, h in [(10, 'a'), (20, 'b')]:\n    zone.extend([MX('p.example', p, h + '.p.example')])\n" || 'p.example.'      | Type.MX   | ['10 a.p.example.', '20 b.p.example.']
    'ttl=5*60'                 | "zone.append(A('t.p.example', '10.0.0.9', ttl=5*60))\n"                                         || 't.p.example.'    | Type.A    | ['10.0.0.9']
    'a def and an if'          | "def host(n):\n    if n > 1:\n        return A('d.p.example', '10.3.0.%d' % n)\n    return None\nzone += [r for r in map(host, range(3)) if r]\n" || 'd.p.example.' | Type.A | ['10.3.0.2']
    'a dict and sorted'        | "hosts = {'x': 5, 'y': 6}\nfor k, v in sorted(hosts.items()):\n    zone.append(A(k + '.p.example', '10.4.0.' + str(v)))\n" || 'y.p.example.' | Type.A | ['10.4.0.6']
    'TXT with bytes'           | "zone.append(TXT('p.example', b'v=spf1 ' b'-all', 'two'))\n"                                    || 'p.example.'      | Type.TXT  | ['"v=spf1 -all" two']
    'a (name, dns.Record_X)'   | "from twisted.names import dns\nzone.append(('n.p.example', dns.Record_A('10.5.0.1')))\n"       || 'n.p.example.'    | Type.A    | ['10.5.0.1']
    'SSHFP raw bytes'          | "zone.append(SSHFP('s.p.example', 1, 1, bytes(range(20))))\n"                                   || 's.p.example.'    | Type.SSHFP | ['1 1 000102030405060708090A0B0C0D0E0F10111213']
    'WKS with a bitmap'        | "zone.append(WKS('k.p.example', '10.0.0.1', 17, b'\\x00' * 6 + b'\\x20'))\n"                   || 'k.p.example.'    | Type.WKS  | ['10.0.0.1 17 50']
    'A6 with a prefix'         | "zone.append(A6('6.p.example', 48, '::1:2', prefix='pfx.p.example'))\n"                          || '6.p.example.'    | Type.A6   | ['48 0:0:0:0:0:0:1:2 pfx.p.example.']
    'a multi-line list, added to' | "hosts = [\n    'a',  # first\n] + ['b']\nfor h in hosts:\n    zone.append(A(h + '.p.example', '10.8.0.1'))\n" || 'b.p.example.' | Type.A | ['10.8.0.1']
    'a comprehension seeing the file\'s variables' | "net = '10.6.0.'\nzone += [A('v.p.example', net + str(i)) for i in range(2)]\n" || 'v.p.example.' | Type.A | ['10.6.0.0', '10.6.0.1']
  }

  def "a record's ttl keyword is kept and a record without one gets the SOA minimum"() {
    when:
    def z = GroovyZoneLoader.load(file('ttl.example', HEAD + "zone += [A('a.p.example', '10.0.0.1', ttl=7*60), A('b.p.example', '10.0.0.2')]\n"))

    then:
    z.node(Name.fromString('a.p.example.')).get(Type.A).records.first().TTL == 420
    z.node(Name.fromString('b.p.example.')).get(Type.A).records.first().TTL == 300
    z.node(Name.fromString('p.example.')).get(Type.NS).records.first().TTL == 300
  }

  def "getSerial, imported as Twisted's files import it, gives today's date and a count"() {
    when:
    def z = GroovyZoneLoader.load(file('serial.example', '''\
from twisted.names.authority import getSerial
zone = [SOA('p.example', mname='ns.p.example', rname='hm.p.example', serial=getSerial(), minimum=60),
        NS('p.example', 'ns.p.example')]
'''))

    then:
    String.valueOf(z.soa().serial).startsWith(LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE))
    String.valueOf(z.soa().serial).length() == 10
  }

  def "a Groovy zone without an extension is still read as Groovy"() {
    when:
    def z = GroovyZoneLoader.load(file('groovy-zone', HEAD.replace("mname='ns.p.example', rname='hm.p.example', serial=1,", "mname: 'ns.p.example', rname: 'hm.p.example', serial: 1,")
        .replace("refresh='1H', retry='1H', expire='1H', minimum='5M'", "refresh: '1H', retry: '1H', expire: '1H', minimum: '5M'")
        + "(1..2).each { zone << A(\"g\${it}.p.example\", \"10.7.0.\${it}\") }\n"))

    then:
    data(z, 'g2.p.example.', Type.A) == ['10.7.0.2']
  }

  def "a Python file without an extension that does not parse names its line, not a Groovy or BIND complaint"() {
    when:
    GroovyZoneLoader.load(file('broken', "# Twisted zone\nzone = [\n    A('a.p.example', '10.0.0.1'\n    A('b.p.example', '10.0.0.2'),\n]\n"))

    then:
    def e = thrown(ZoneLoadException)
    e.location() == "${dir.resolve('broken')}:4"
    e.problem() == "expected ')', found 'A'"
  }

  def "a file that #what fails with its line and a plain sentence: #problem"() {
    when:
    GroovyZoneLoader.load(file('bad', text))

    then:
    def e = thrown(ZoneLoadException)
    e.location() == (line ? "${dir.resolve('bad')}:${line}" : dir.resolve('bad').toString())
    e.problem() == problem

    where:
    what                           | text                                                            || line | problem
    'never closes its list'        | "zone = [A('a.p.example', '10.0.0.1')\n"                        || 2    | "expected ']', found the end of the file"
    'calls a method without args'  | "zone = []\nzone.append()\n"                                    || 2    | 'cannot evaluate this line (IndexOutOfBoundsException: Index 0 out of bounds for length 0)'
    'recurses without end'         | "zone = []\ndef f(n):\n    return f(n + 1)\nf(0)\n"            || 3    | 'calls nested deeper than 200'
    'builds lists without end'     | "zone = []\nx = ['x' * 10000000 for i in range(100)]\n"        || 2    | 'the file made more than 32000000 list items and characters in all'
    'gives a time Twisted cannot'  | "zone = [\n  A('x.p.example', '10.0.0.1', ttl='5X'),\n]\n"      || 2    | "A('x.p.example.') ttl: '5X' is not a time (seconds, or units as in '1H', '1.5h', '1h30m')"
    'formats with too many values' | "zone = '%s' % (1, 2)\n"                                         || 1    | 'not all arguments converted during string formatting'
    'assigns zone no list'         | "zone = 5\n"                                                     || 0    | 'zone must be a list of records, not int'
  }
}
