package org.loomdns.zone.bind

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import org.loomdns.support.Scratch
import org.loomdns.zone.ZoneLoadException
import org.xbill.DNS.Address
import org.xbill.DNS.DClass
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Shared
import spock.lang.Specification

/**
 * loomdns's own record reader reads every zone file as dnsjava's Master over the same lines did:
 * the same records (owner, type, class, TTL, rdata to the byte) at the same file and line, or the
 * same error. Two places differ, on purpose: a mistake found at a record's newline is reported at
 * the record's line (dnsjava counted the next one), and records after one in generic {@code \#}
 * form (or on a line a lone carriage return splits) are placed at their own line of the file.
 */
class RecordReaderDifferentialSpec extends Specification {

  static final String FUZZ_INPUTS = 'src/test/resources/org/loomdns/fuzz/BindZoneFuzzTestInputs/load'

  @Shared Path dir = Scratch.dir('recordreader')

  /** What a reader read, as it read it: no check or merge of a zone's between. */
  static final class Recorded implements RecordSink {
    final List<Record> records = []
    final List<String> files = []
    final List<Integer> lines = []

    @Override
    void add(Record r, String file, int line) {
      records << r
      files << file
      lines << line
    }
  }

  static Recorded readByUs(Path file) {
    def r = new Recorded()
    BindZoneLoader.readInto(file, r)
    r
  }

  static Recorded readByDnsjava(Path file) {
    def r = new Recorded()
    MasterReader.read(file, r)
    r
  }

  /** Every record read, in order, as "file:line owner ttl class type rdata-text rdata-bytes". */
  static List<String> records(Recorded read, boolean placed = true) {
    def records = read.records
    def files = read.files
    def lines = read.lines
    (0..<records.size()).collect { i ->
      def r = records[i]
      "${placed ? files[i] + ':' + lines[i] : files[i]} ${r.name} ${r.TTL} ${DClass.string(r.DClass)} ${Type.string(r.type)} " +
          "${r.rdataToString()} ${r.toWire(Section.ANSWER).encodeHex()}".toString()
    }
  }

  /** The records read, or the error without its line: see {@link #lineOf} for that. */
  static Object outcome(boolean placed = true, Closure<Recorded> reader) {
    try {
      records(reader(), placed)
    } catch (ZoneLoadException e) {
      'error ' + e.message.replaceFirst(/:\d+: /, ': ')
    }
  }

  /** The line an error names, 0 for none. */
  static int lineOf(Closure<Recorded> reader) {
    try {
      reader()
      0
    } catch (ZoneLoadException e) {
      def m = e.message =~ /:(\d+): /
      m.find() ? m.group(1) as int : 0
    }
  }

  static List<Path> repoZones() {
    def found = []
    ['zones', 'samples', 'src/test/resources'].each { top ->
      Files.walk(Paths.get(top)).withCloseable { s ->
        s.filter { Files.isRegularFile(it) }
            .filter { it.fileName.toString() ==~ /.*\.(zone|db)$|^db\..*/ }
            .forEach { found << it }
      }
    }
    found.sort()
  }

  def "every zone file in the repository, #file, reads as it did"() {
    expect:
    outcome { readByUs(file) } == outcome { readByDnsjava(file) }

    where:
    file << repoZones()
  }

  def "the fuzzer's saved input #input reads as it did"() {
    given:
    def zone = Scratch.dir('fuzzin')
    Files.writeString(zone.resolve('inc.zone'), '$ORIGIN sub.example.com.\nwww 60 IN A 192.0.2.9\n')
    def file = zone.resolve('example.com.zone')
    Files.write(file, Files.readAllBytes(input))

    expect:
    outcome { readByUs(file) } == outcome { readByDnsjava(file) }

    where:
    input << Files.list(Paths.get(FUZZ_INPUTS)).withCloseable { it.sorted().toList() }
  }

  def "the benchmark's generated zone of #hosts hosts reads as it did"() {
    given:
    def out = Scratch.dir('genzone')
    def gen = ['python3', 'src/bench/genzone.py', '--hosts', "$hosts", '--zone-only', '--out', out.toString()].execute()
    gen.waitForProcessOutput(System.out, System.err)
    def file = Files.list(out).withCloseable { s -> s.filter { it.toString().endsWith('.zone') }.findFirst().get() }

    when:
    def ours = outcome { readByUs(file) }

    then:
    gen.exitValue() == 0
    ours.size() > hosts * 2
    ours == outcome { readByDnsjava(file) }

    where:
    hosts << [3000]
  }

  def "#what reads as it did"() {
    given:
    def zone = Scratch.dir('tricky')
    Files.writeString(zone.resolve('inc.zone'), 'inc A 192.0.2.7\n  TXT "in the included file"\n$ORIGIN elsewhere.test.\n$TTL 77\nx A 192.0.2.8\n')
    def file = zone.resolve('tricky.test.zone')
    Files.write(file, ('$TTL 300\n@ SOA ns1 hostmaster 1 3600 600 86400 60\n@ NS ns1\n' + text).getBytes('UTF-8'))

    when:
    def ours = outcome { readByUs(file) }

    then:
    outcome(placed) { readByUs(file) } == outcome(placed) { readByDnsjava(file) }
    ours instanceof List || ours.contains('tricky.test.zone: ')

    where:
    what                                   | placed | text
    'parentheses over lines'               | true   | '@ SOA ns1 hostmaster (\n  2 ; serial\n  2h 1h30m\n  1w 60 )\nafter A 192.0.2.1\n'
    'a TTL with units'                     | true   | 'a 1h30m A 192.0.2.1\nb 1W2d3H4m5S A 192.0.2.2\nc 1h30 A 192.0.2.3\n'
    'class before TTL'                     | true   | 'a IN 300 A 192.0.2.1\nb 300 IN A 192.0.2.2\nc in a 192.0.2.3\nd CLASS1 TYPE1 192.0.2.4\n'
    'types and classes in any case'        | true   | 'a Aaaa ::1\nb iN 60 mX 1 a\nc 60 In cname b\nd txt TXT A IN\nIN A 192.0.2.1\nA A 192.0.2.2\n'
    'a type where the class goes'          | true   | 'a 60 SOA A 192.0.2.1\n'
    'a class not served, in another case'  | true   | 'a hs A 192.0.2.1\n'
    'the largest TTLs'                     | true   | 'a 4294967295 A 192.0.2.1\nb 2147483648 A 192.0.2.2\nc 0 A 192.0.2.3\n'
    'escapes in names and text'            | true   | 'a\\.b A 192.0.2.1\nc TXT "x\\"y" "a\\059b" \\065bc\n\\@ NS ns1\n'
    'quoted text with blanks and ;'        | true   | 'a TXT "hello world; not a comment" "two" three ""\nb TXT ( "over"\n "lines" )\n'
    'text a byte too long'                 | true   | "a TXT \"${'x' * 256}\"\n"
    'text of 255 bytes'                    | true   | "a TXT \"${'x' * 255}\" ${'y' * 255}\n"
    'text that is not ASCII'               | true   | 'a TXT "café" "tab\there"\n'
    'generic rdata'                        | false  | 'a TYPE65280 \\# 4 0A000001\nb A \\# 4 C0000201\nc TYPE65281 \\# 0\n'
    'IDN and odd labels'                   | true   | 'xn--bcher-kva A 192.0.2.1\n_sip._tcp SRV 10 5 5060 sip\n*.w A 192.0.2.2\ncafé A 192.0.2.3\n-a- CNAME x--y\n'
    'absolute names and @'                 | true   | 'a.tricky.test. A 192.0.2.1\n@ MX 10 @\nb MX 0 .\nc PTR a.tricky.test.\n'
    '$TTL and $ORIGIN changes'             | true   | '$TTL 60\na A 192.0.2.1\n$ORIGIN sub.tricky.test.\nb A 192.0.2.2\n$TTL 1d\nc MX 10 b\n$origin tricky.test.\nd CNAME b.sub\n'
    'blank owners'                         | true   | 'a A 192.0.2.1\n  AAAA 2001:db8::1\n\tTXT "x"\n \nb A 192.0.2.2\n 60 A 192.0.2.3\n'
    'comments and blank lines'             | true   | '; only a comment\n\na A 192.0.2.1 ; after\n   ; indented comment\nb A 192.0.2.2;glued\n'
    'CRLF line ends'                       | true   | 'a A 192.0.2.1\r\nb TXT "x" ( \r\n "y" )\r\n c AAAA ::1\r\n'
    'addresses dnsjava refuses or reads'   | true   | 'a AAAA ::ffff:192.0.2.1\nb AAAA 2001:DB8:0:0:0:0:0:1\nc AAAA 1::2:3:4:5:6:7\n'
    'IPv6 addresses of every shape'        | true   | 'a AAAA ::\nb AAAA 1::\nc AAAA 1:2:3:4:5:6:7:8\nd AAAA ::2:3:4:5:6:7:8\ne AAAA 00000001::\nf AAAA 1:2:3:4:5:6:7::\n'
    'an IPv6 address with a group too big' | true   | 'a AAAA 12345::\n'
    'an IPv6 address with two gaps'        | true   | 'a AAAA 1::2::3\n'
    'an IPv6 address a group short'        | true   | 'a AAAA 1:2:3:4:5:6:7\n'
    'an address with a leading zero'       | true   | 'a A 01.2.3.4\n'
    'an address out of range'              | true   | 'a A 192.0.2.300\n'
    'a record without rdata'               | true   | 'a A\nb A 192.0.2.1\n'
    'rdata left over'                      | true   | 'a A 192.0.2.1 192.0.2.2\n'
    'an unknown type'                      | true   | 'a FOO 192.0.2.1\n'
    'an MX preference too big'             | true   | 'a MX 65536 mail\nb MX 65535 mail\n'
    'an SRV with a field missing'          | true   | '_x._tcp SRV 1 2 mail\n'
    'an SOA serial too big'                | true   | '@ SOA ns1 hostmaster 4294967296 1 1 1 1\n'
    'an SOA with units'                    | true   | '@ SOA ns1. hostmaster.tricky.test. 4294967295 1h 2H 3d 4w\n'
    'a bad directive'                      | true   | '$BOGUS x\n'
    'a bad $ORIGIN'                        | true   | '$ORIGIN\na A 192.0.2.1\n'
    'a bad $TTL'                           | true   | '$TTL 1x\n'
    'an open quote'                        | true   | 'a TXT "never closed\nb A 192.0.2.1\n'
    'a parenthesis closed too often'       | true   | 'a A 192.0.2.1 )\n'
    'a parenthesis never closed'           | true   | 'a TXT ( "x"\nb A 192.0.2.1\n'
    'a quoted owner'                       | true   | '"q" A 192.0.2.1\n"" A 192.0.2.2\n'
    'a class not served'                   | true   | 'a CH TXT "x"\n'
    'a bad name'                           | true   | 'a..b A 192.0.2.1\n'
    'a label too long'                     | true   | "${'l' * 64} A 192.0.2.1\n"
    'a name too long in rdata'             | true   | "a CNAME ${(['l' * 63] * 5).join('.')}\n"
    'other types'                          | true   | 'a CAA 0 issue "ca.example"\nb HINFO "pc" "unix"\nc SSHFP 1 1 0123456789abcdef0123456789abcdef01234567\nd DS 1 8 2 ( 0123456789abcdef0123456789abcdef\n 0123456789abcdef0123456789abcdef )\n'
    'an include'                           | true   | 'before A 192.0.2.1\n$INCLUDE inc.zone\n  A 192.0.2.2\nafter MX 10 before\n'
    'an include with an origin'            | true   | '$INCLUDE inc.zone sub.tricky.test.\nafter A 192.0.2.2\n'
    'an include without a file'            | true   | '$INCLUDE\n'
    'a generate'                           | true   | '$GENERATE 1-3 h$ A 192.0.2.$\n  TXT "after"\n$GENERATE 1-2 r$ CNAME h$\n'
    'a generate making a bad record'       | true   | '$GENERATE 250-260 h$ A 192.0.2.$\n'
    'a lone carriage return'               | false  | 'a A 192.0.2.1\rb A 192.0.2.2\n'
  }

  def "#what is reported at line #line, the line it is on"() {
    given:
    def file = Scratch.dir('mistake').resolve('mistake.test.zone')
    Files.writeString(file, '$TTL 300\n@ SOA ns1 hostmaster 1 3600 600 86400 60\n' + text + 'next A 192.0.2.9\n')

    expect:
    lineOf { readByUs(file) } == line
    lineOf { readByDnsjava(file) } == dnsjavaLine

    where:
    what                              | text                                  | line | dnsjavaLine
    'a record without rdata'          | 'a A\n'                               | 3    | 4
    'an open quote'                   | 'a TXT "open\n'                       | 3    | 4
    'a record without a type'         | 'a 300\n'                             | 3    | 4
    'an address out of range'         | 'a A 192.0.2.300\n'                   | 3    | 3
    'a mistake in a record\'s 2nd line' | '@ SOA ns1 hostmaster (\n 1 x 1 1 1 )\n' | 4 | 4
  }

  def "records after one in generic form are placed at their own lines"() {
    given:
    def file = Scratch.dir('generic').resolve('generic.test.zone')
    Files.writeString(file, '$TTL 300\n@ SOA ns1 hostmaster 1 3600 600 86400 60\na TYPE65280 \\# 1 00\nb A 192.0.2.1\n')

    when:
    def placed = records(readByUs(file)).collect { it.split(' ')[0].replaceFirst(/.*:/, '') as int }

    then:
    placed == [2, 3, 4]
  }

  def "the IPv6 address #address is read as dnsjava reads it (#ours), or left to dnsjava"() {
    when:
    byte[] mine = FastRdata.ipv6(address)
    byte[] theirs = Address.toByteArray(address, Address.IPv6)

    then:
    (mine != null) == ours
    mine == null || mine == theirs

    where:
    address                     | ours
    '::'                        | true
    '::1'                       | true
    '1::'                       | true
    '2001:db8::0:5'             | true
    '1:2:3:4:5:6:7:8'           | true
    '1:2:3:4:5:6:7::'           | true
    '::2:3:4:5:6:7:8'           | true
    'FFFF::abcd'                | true
    '00000001::'                | true
    '1:2:3:4:5:6:7:8:9'         | false
    '1:2:3:4:5:6:7'             | false
    '1::2::3'                   | false
    ':1::2'                     | false
    '1::2:'                     | false
    ':'                         | false
    '12345::'                   | false
    'g::1'                      | false
    '::ffff:192.0.2.1'          | false
    '1:2:3:4:5:6:7:8::'         | false
    '::1:2:3:4:5:6:7:8'         | false
    ':::'                       | false
  }
}
