package org.loomdns.zone.dsl

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Scratch
import org.loomdns.zone.Zone
import org.loomdns.zone.ZoneLoadException
import org.xbill.DNS.Name
import org.xbill.DNS.Type
import spock.lang.Specification

/** Zone files in Groovy and in Twisted's Python form, loaded as the server loads them. */
class GroovyZoneLoaderSpec extends Specification {

  static final String SOA = "SOA('z.example', mname: 'ns.z.example', rname: 'hm.z.example', serial: 7, " +
      "refresh: '1H', retry: '10M', expire: '1W', minimum: '5M')"
  static final String HEAD = "zone = [\n  $SOA,\n  NS('z.example', 'ns.z.example'),\n  A('ns.z.example', '192.0.2.53'),\n]\n"

  Path dir = Scratch.dir('dsl')

  Path file(String name, String text) {
    Path f = dir.resolve(name)
    Files.writeString(f, text)
    f
  }

  static List<String> data(Zone z, String name, int type = Type.A) {
    z.node(Name.fromString(name))?.get(type)?.records*.rdataToString() ?: []
  }

  static long ttl(Zone z, String name, int type = Type.A) {
    z.node(Name.fromString(name)).get(type).ttl()
  }

  def "variables, loops and helper methods work as in any Groovy script"() {
    given:
    def f = file('z.groovy', HEAD + '''
def net = '10.0.0.'
def host(String n, int i) { A("${n}.z.example", "10.0.1.${i}") }
(1..50).each { zone << A("host${it}.z.example", "${net}${it}") }
for (i in 1..3) { zone << host('web', i) }
zone += [MX('z.example', 10, 'mail.z.example'), A('mail.z.example', '192.0.2.25')]
''')

    when:
    def z = GroovyZoneLoader.load(f)

    then:
    z.origin() == Name.fromString('z.example.')
    data(z, 'host1.z.example.') == ['10.0.0.1']
    data(z, 'host50.z.example.') == ['10.0.0.50']
    data(z, 'web.z.example.') as Set == ['10.0.1.1', '10.0.1.2', '10.0.1.3'] as Set
    data(z, 'z.example.', Type.MX) == ['10 mail.z.example.']
    z.recordCount() == 3 + 50 + 3 + 2
  }

  def "a record without a ttl lives as long as #rule"() {
    given:
    def f = file('z.groovy', header + HEAD + "zone << A('www.z.example', '192.0.2.80')\nzone << A('t.z.example', '192.0.2.81', ttl: 99)\n")

    when:
    def z = GroovyZoneLoader.load(f)

    then:
    ttl(z, 'www.z.example.') == expected
    ttl(z, 'z.example.', Type.SOA) == expected
    ttl(z, 't.z.example.') == 99

    where:
    rule                           | header          || expected
    'the SOA minimum'              | ''              || 300
    "the ttl the file sets ('1H')" | "ttl = '1H'\n"  || 3600
    'the ttl the file sets (60)'   | "ttl = 60\n"    || 60
  }

  def "a #shape of 20,000 records with unique names and addresses loads"() {
    given:
    StringBuilder sb = new StringBuilder(HEAD)
    if (shape == 'list literal') {
      sb.append('zone += [\n')
      20000.times { sb.append("  A('h${it}.z.example', '10.${it >> 16 & 255}.${it >> 8 & 255}.${it & 255}'),\n") }
      sb.append(']\n')
    } else {
      20000.times { sb.append("zone << A('h${it}.z.example', '10.${it >> 16 & 255}.${it >> 8 & 255}.${it & 255}')\n") }
    }
    def f = file('big.groovy', sb.toString())

    when:
    long start = System.nanoTime()
    def z = GroovyZoneLoader.load(f)
    println "20,000-record zone as a ${shape}: loaded in ${(System.nanoTime() - start).intdiv(1_000_000)} ms"

    then:
    z.recordCount() == 20003
    data(z, 'h0.z.example.') == ['10.0.0.0']
    data(z, 'h19999.z.example.') == ['10.0.78.31']

    and: 'errors deep inside still name their own line'
    when:
    Files.writeString(f, sb.toString().replace("'10.0.78.31'", "'10.0.78.311'"))
    GroovyZoneLoader.load(f)

    then:
    def e = thrown(ZoneLoadException)
    e.location() == "${f}:${sb.toString().readLines().findIndexOf { it.contains("'h19999") } + 1}"
    e.problem().contains('10.0.78.311')

    where:
    shape << ['list literal', 'series of statements']
  }

  def "declarations in a long script stay visible to the statements after them"() {
    given:
    StringBuilder sb = new StringBuilder(HEAD)
    sb.append("def (a, b) = ['10.1.', '.z.example']\nString last = 'x'\n")
    3000.times { sb.append("zone << A('n${it}' + b, a + '0.${it % 250}')\nlast = 'n${it}'\n") }
    sb.append("zone << CNAME('alias.z.example', last + b)\n")

    when:
    def z = GroovyZoneLoader.load(file('decl.groovy', sb.toString()))

    then:
    data(z, 'n2999.z.example.') == ['10.1.0.249']
    data(z, 'alias.z.example.', Type.CNAME) == ['n2999.z.example.']
  }

  def "#mistake is reported at line #line"() {
    given:
    def f = file('bad.groovy', text)

    when:
    GroovyZoneLoader.load(f)

    then:
    def e = thrown(ZoneLoadException)
    e.location() == (line ? "${f}:${line}" : "${f}")
    e.problem().contains(says)
    !e.message.contains('\tat ')

    where:
    mistake                  | text                                                                        || line | says
    'no SOA'                 | "zone = [NS('z.example', 'ns.z.example')]\n"                                || 0    | 'no SOA'
    'an empty file'          | ''                                                                          || 0    | 'no SOA'
    'two SOAs'               | HEAD + "zone << ${SOA.replace('serial: 7', 'serial: 8')}\n"                 || 6    | 'a second SOA'
    'a bad address'          | HEAD + "\nzone << A('www.z.example', '300.1.2.3')\n"                        || 7    | 'Invalid address: 300.1.2.3'
    'a record outside'       | HEAD + "zone << A('www.other.example', '192.0.2.1')\n"                      || 6    | 'outside the zone'
    'a misspelt constructor' | HEAD + "zone << AAA('www.z.example', '192.0.2.1')\n"                        || 6    | 'AAA(...) is neither a record type nor a method of this file; did you mean A'
    'an unclosed call'       | HEAD + "zone << A('www.z.example', '192.0.2.1'\nzone << 1\n"                || 6    | "Unexpected input: '('"
    'a syntax error'         | HEAD + "zone << A('www.z.example', '192.0.2.1'))\n"                         || 6    | 'Unexpected input'
    'an unknown variable'    | HEAD + "zone << A(hostname, '192.0.2.1')\n"                                 || 6    | 'no variable or property hostname'
    'a non-record in zone'   | HEAD + "zone << 'www'\n"                                                    || 0    | 'zone[3] is a String'
    'a bad file ttl'         | "ttl = 'soon'\n" + HEAD                                                     || 0    | "'soon' is not a time"
    'an error in a helper'   | HEAD + "def h(x) {\n  A(x, 'nope')\n}\nzone << h('w.z.example')\n"         || 7    | "Invalid address: nope"
    'a CNAME and other data' | HEAD + "zone << CNAME('ns.z.example', 'z.example')\n"                       || 6    | 'CNAME and other data'
  }

  def "a long method and a long closure body load too, their variables and closing return intact"() {
    given:
    StringBuilder sb = new StringBuilder(HEAD)
    sb.append("def fill(String sub) {\n  int count = 0\n")
    3000.times { sb.append("  zone << A('m${it}.' + sub + '.z.example', '10.2.${it >> 8 & 255}.${it & 255}')\n  count++\n") }
    sb.append("  return count\n}\nassert fill('a') == 3000\n[1].each { n ->\n  def prefix = 'k'\n")
    3000.times { sb.append("  zone << A(prefix + '${it}.z.example', '10.3.${it >> 8 & 255}.${it & 255}')\n") }
    sb.append("}\n")

    when:
    def z = GroovyZoneLoader.load(file('inner.groovy', sb.toString()))

    then:
    z.recordCount() == 3 + 6000
    data(z, 'm2999.a.z.example.') == ['10.2.11.183']
    data(z, 'k2999.z.example.') == ['10.3.11.183']
  }

  def "a block too big to compile that cannot be split says how to fix it, without a JVM limit in sight"() {
    given:
    StringBuilder sb = new StringBuilder(HEAD)
    sb.append("def fill() {\n")
    3000.times { sb.append("  zone << A('m${it}.z.example', '10.2.${it >> 8 & 255}.${it & 255}')\n  if (zone.size() > 1e9) { return 0 }\n") }
    sb.append("  1\n}\nfill()\n")

    when:
    GroovyZoneLoader.load(file('jumps.groovy', sb.toString()))

    then:
    def e = thrown(ZoneLoadException)
    e.problem().contains('split it into smaller ones')
    !e.message.contains('Method too large')
  }

  def "a script that never ends is stopped at its time limit, at the line it was running"() {
    given:
    def f = file('forever.groovy', HEAD + "int i = 0\nwhile (true) {\n  i++\n}\n")

    when:
    GroovyZoneLoader.load(f, 2)

    then:
    def e = thrown(ZoneLoadException)
    e.location().startsWith("${f}:")
    e.problem() == 'the script ran longer than 2 seconds'
  }

  def "a missing file is said plainly"() {
    when:
    GroovyZoneLoader.load(dir.resolve('none.groovy'))

    then:
    def e = thrown(ZoneLoadException)
    e.message == "${dir.resolve('none.groovy')}: no such file"
  }

  def "the Twisted documentation's example-domain.com loads unchanged, keeping what a zone can hold"() {
    when:
    def z = GroovyZoneLoader.load(Path.of('zones/example-domain.com'))

    then:
    z.origin() == Name.fromString('example-domain.com.')
    z.soa().rdataToString() == 'ns1.example-domain.com. root.example-domain.com. 2003010601 3600 3600 3600 3600'
    data(z, 'example-domain.com.') == ['127.0.0.1']
    data(z, 'www.example-domain.com.', Type.CNAME) == ['example-domain.com.']
    data(z, 'ftp.example-domain.com.', Type.CNAME) == ['example-domain.com.']
    data(z, 'example-domain.com.', Type.MX) == ['0 mail.example-domain.com.']
    data(z, 'mail.example-domain.com.') == ['123.0.16.43']
    z.node(Name.fromString('43.16.0.123.in-addr.arpa.')) == null
    z.recordCount() == 7
  }

  def "Python literals translate: #python"() {
    given:
    def f = file('t.example.py', "zone = [\n  SOA('t.example', mname='ns.t.example', rname='hm.t.example', serial=1, refresh=60, retry=60, expire=60, minimum=60),\n" +
        "  NS('t.example', 'ns.t.example'),\n  ${python},\n]\n")

    when:
    def z = GroovyZoneLoader.load(f)
    def r = z.node(Name.fromString(name)).get(type).first()

    then: 'TXT strings hold the UTF-8 bytes of the Python string'
    (r instanceof org.xbill.DNS.TXTRecord ? r.stringsAsByteArrays.collect { new String(it, 'UTF-8') } : [r.rdataToString()]) == values

    where:
    python                                                                  || name           | type     | values
    "TXT('a.t.example', \"cost \$5 # not a comment\")"                      || 'a.t.example.' | Type.TXT | ['cost $5 # not a comment']
    "TXT('b.t.example', 'it\\'s', b'bytes', u\"\\u00e9\")  # comment"       || 'b.t.example.' | Type.TXT | ["it's", 'bytes', '\u00e9']
    "TXT('c.t.example', r'back\\slash', '\\x41\\101\\t')"                   || 'c.t.example.' | Type.TXT | ['back\\slash', 'AA\t']
    "MX('t.example', preference = 0o12, name = 'm.t.example', ttl = None,)" || 't.example.'   | Type.MX  | ['10 m.t.example.']
    "TXT('d.t.example', '''multi\nline''')"                                 || 'd.t.example.' | Type.TXT | ['multi\nline']
  }

  def "a Python file with #what is refused at line #line: #problem"() {
    given:
    def f = file('p.example.py', text)

    when:
    GroovyZoneLoader.load(f)

    then:
    def e = thrown(ZoneLoadException)
    e.location() == "${f}:${line}"
    e.problem() == problem

    where:
    what                   | text                                                                      || line | problem
    'an import of os'      | "import os\nzone = [NS('p.example', 'ns.p.example')]\n"                  || 1    | 'a zone file here may import twisted.names (authority.getSerial, dns) and time; not os'
    'a class'              | "class X:\n    pass\nzone = []\n"                                        || 1    | "'class' is more Python than a zone file may hold here"
    'an unknown name'      | "zone = [\n  NS('p.example', 'ns.p.example'),\n  evaluate('x'),\n]\n"   || 3    | "name 'evaluate' is not defined"
    'a misspelt record'    | "zone = []\nzone.append(MXX('p.example', 1, 'm.p.example'))\n"           || 2    | "name 'MXX' is not defined; did you mean MX?"
    'a Groovy annotation'  | "@groovy.transform.ASTTest({ throw new Error('ran') })\nzone = []\n"     || 1    | "expected a value, found '@'"
    'a string and an int'  | "zone = []\nn = 1\nzone.append(A('a' + n + '.p.example', '10.0.0.1'))\n" || 3    | 'unsupported operand types for +: str and int'
    'a bad address'        | "zone = [\n  A('a.p.example', '10.0.0.256'),\n]\n"                       || 2    | "A('a.p.example.'): Invalid address: 10.0.0.256"
  }

  def "a Python file that never ends stops at the time limit with its line"() {
    given:
    def f = file('forever', "zone = []\nwhile True: zone = zone\n")

    when:
    GroovyZoneLoader.load(f, 2)

    then:
    def e = thrown(ZoneLoadException)
    e.location() == "${f}:2"
    e.problem() == 'the file ran longer than 2 seconds'
  }
}
