package org.loomdns.zone.bind

import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.zone.ZoneLoadException
import org.xbill.DNS.Master
import org.xbill.DNS.Name
import spock.lang.Requires
import spock.lang.Specification

/** $GENERATE of every record type, read as BIND 9.18's named-compilezone reads the same file. */
class GenerateSpec extends Specification {

  static final String HEAD = '$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns hostmaster 1 3600 600 86400 300\n@ NS ns\nns A 192.0.2.1\n'

  Path dir = Scratch.dir('generate')

  def cleanup() {
    dir.toFile().deleteDir()
  }

  private Path write(String body, Map<String, String> others = [:]) {
    others.each { name, text -> dir.resolve(name).toFile().text = text }
    def zone = dir.resolve('example.com.zone')
    zone.toFile().text = HEAD + body
    zone
  }

  private static Set<String> loomdns(Path zone) {
    BindZoneLoader.load(zone).transferRecords().collect { it.toString() } as Set
  }

  /** The records named-compilezone writes out for the file, read back with dnsjava to compare them as records. */
  private Set<String> bind(Path zone) {
    def out = dir.resolve('bind.out')
    def p = new ProcessBuilder('named-compilezone', '-i', 'none', '-k', 'ignore', '-o', out.toString(), 'example.com', zone.fileName.toString())
        .directory(dir.toFile()).redirectErrorStream(true).start()
    String log = p.inputStream.text
    assert p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0: log
    def records = [] as Set<String>
    def master = new Master(out.toString(), Name.root)
    try {
      def r
      while ((r = master.nextRecord()) != null) {
        records << r.toString()
      }
    } finally {
      master.close()
    }
    records
  }

  private static ZoneLoadException failure(Path zone) {
    try {
      BindZoneLoader.load(zone)
    } catch (ZoneLoadException e) {
      return e
    }
    null
  }

  def "#what loads as BIND loads it"() {
    given:
    def zone = write(body, others)

    when:
    def ours = loomdns(zone)

    then:
    ours == bind(zone)
    ours.size() == HEAD.readLines().size() - 2 + made

    where:
    what                                           | body                                                                   | others || made
    'TXT, with \\$ and $$ as a literal $'          | '$GENERATE 10-12 x$ TXT "v$ and \\$ and $$"\n'                          | [:]    || 3
    'MX, its rdata quoted'                         | '$GENERATE 1-3 host$ MX "10 mail$"\n'                                  | [:]    || 3
    'SRV'                                          | '$GENERATE 1-2 _s$._udp SRV "10 60 50$ t$"\n'                          | [:]    || 2
    'CNAME, offset, width and bases o and X'       | '$GENERATE 10-11 o${-1,3,o} CNAME x${1,4,X}\n'                         | [:]    || 2
    'PTR, nibbles of several widths'               | '$GENERATE 254-257 ${0,4,n}ip6 PTR h${0,6,N}${0,1,n}.${0,9,n}.example.net.\n' | [:] || 4
    'A, class before TTL'                          | '$GENERATE 1-2 z$ IN 70 A 192.0.2.$\n'                                 | [:]    || 2
    'TXT, TTL before class, quotes in the rdata'   | '$GENERATE 1-2 y$ 60 IN TXT "\\"a b\\" c$"\n'                           | [:]    || 2
    'AAAA, a step and base x'                      | '$GENERATE 0-30/10 v6-$ AAAA 2001:db8::${0,0,x}\n'                     | [:]    || 4
    'NS'                                           | '$GENERATE 1-2 sub$ NS ns$.example.net.\n'                             | [:]    || 2
    'DNAME'                                        | '$GENERATE 1-2 d$ DNAME t$.example.net.\n'                             | [:]    || 2
    'NAPTR'                                        | '$GENERATE 1-2 n$ NAPTR "100 10 \\"u\\" \\"E2U+sip\\" \\"!^.*$!sip:$@example.com!\\" ."\n' | [:] || 2
    'CAA'                                          | '$GENERATE 1-2 q$ CAA "0 issue \\"ca$.example\\""\n'                   | [:]    || 2
    'HINFO'                                        | '$GENERATE 1-2 h$ HINFO "cpu$ os"\n'                                   | [:]    || 2
    'an unknown type in RFC 3597 form'             | '$GENERATE 1-3 u$ TYPE65280 "\\# 1 0$"\n'                              | [:]    || 3
    'owner @ and a negative offset in base x'      | '$GENERATE 0-1 @ TXT v${-1,0,x}\n'                                     | [:]    || 2
    'an absolute owner and \\$ in a name'          | '$GENERATE 1-2 a$.example.com. A 192.0.2.$\n$GENERATE 1-2 e\\$$ A 192.0.2.$ ; note\n' | [:] || 4
    'names completed by a later $ORIGIN'           | '$ORIGIN sub.example.com.\n$GENERATE 1-2 w$ CNAME t$\n'                | [:]    || 2
    'a blank owner after it: the last record\'s'  | 'a TXT a\n$GENERATE 1-2 g$ TXT g$\n  TXT after\n'                      | [:]    || 4
    'in an $INCLUDE: its origin ends with it, its $TTL not'       | 'a TXT a\n$INCLUDE inc.zone sub.example.com.\n  A 192.0.2.7\nb TXT b\n'  | ['inc.zone': '$TTL 60\n$GENERATE 1-2 i$ MX "1 i$"\nc TXT c\n$ORIGIN deep.sub.example.com.\nd TXT d\n'] || 7
  }

  def "types dnsjava generated itself come out as before: #body"() {
    given:
    def zone = write(body)

    when:
    def before = [] as Set<String>
    def master = new Master(zone.toString(), Name.fromString('example.com.'), 3600)
    def r
    while ((r = master.nextRecord()) != null) {
      before << r.toString()
    }
    master.close()

    then:
    loomdns(zone) == before
    before.size() > HEAD.readLines().size() - 2

    where:
    body << ['$GENERATE 1-4 $ PTR host$.example.net.\n', '$GENERATE 1-3/2 c$ CNAME t${1,3,d}\n',
             '$GENERATE 1-2 d$ 60 DNAME t${0,2,x}\n', '$GENERATE 0-2 h$ IN A 10.0.0.$\n',
             '$GENERATE 1-2 v6-$ AAAA 2001:db8::$\n', '$GENERATE 1-2 s$ NS ns${10,0,X}.example.net.\n',
             '$GENERATE 10-11 ${0,3,o}.ip6.example.com. PTR p$\n']
  }

  def "#what is an error at its file and line"() {
    given:
    def zone = write('a TXT a\n' + line + '\nb TXT b\n')

    when:
    def e = failure(zone)

    then:
    e.location() == "${zone}:7"
    e.message.contains(problem)

    where:
    what                         | line                                          || problem
    'a step of 0'                | '$GENERATE 1-3/0 x$ A 192.0.2.$'              || "range '1-3/0'"
    'a start after its stop'     | '$GENERATE 3-1 x$ A 192.0.2.$'                || "range '3-1'"
    'a step left empty'          | '$GENERATE 1-20/ x$ A 192.0.2.$'              || "range '1-20/'"
    'one record too many'        | '$GENERATE 0-65536 x$ A 10.0.0.1'             || 'makes 65537 records, more than 65536'
    'a range of 2^32'            | '$GENERATE 0-4294967295 x$ A 10.0.0.1'        || 'makes 4294967296 records'
    'an unknown type'            | '$GENERATE 1-3 x$ BOGUS v$'                   || "unknown RR type 'BOGUS'"
    'bad rdata'                  | '$GENERATE 1-3 x$ A 300.0.2.$'                || '$GENERATE made a bad record'
    'rdata in two fields'        | '$GENERATE 1-3 host$ MX 10 mail$'             || 'quote it when it holds spaces ("10 mail$")'
    'no rdata'                   | '$GENERATE 1-3 x$ TXT'                        || 'needs rdata after its type'
    'an unknown base'            | '$GENERATE 1-3 x${0,3,q} A 192.0.2.$'         || 'is not ${offset[,width[,base]]}'
    'a modifier left open'       | '$GENERATE 1-3 x${0,3 A 192.0.2.$'            || 'is not ${offset[,width[,base]]}'
    'a width past a name'        | '$GENERATE 1-3 x${0,256} A 192.0.2.$'         || 'a width of 256'
    'an $INCLUDE of itself'      | '$INCLUDE example.com.zone'                   || 'includes a file that is including it'
    'an $INCLUDE of a device'    | '$INCLUDE /dev/zero'                          || 'not a regular file'
    'an $INCLUDE of nothing'     | '$INCLUDE none.zone'                          || '$INCLUDE of a missing file'
  }

  def "4,096 nibble PTR records from one line load, and BIND makes the same"() {
    given:
    def zone = write('$GENERATE 0-4095 ${0,4,n}ip6 PTR h$.example.net.\n')

    when:
    def ours = loomdns(zone)
    def theirs = bind(zone)

    then: 'compared as Java sets: Groovy compares sets pair by pair'
    ours.size() == 4_099
    ours.equals(theirs)
  }

  def "a chain of #levels nested \$INCLUDEs #outcome"() {
    given:
    (1..levels).each { dir.resolve("inc${it}.zone").toFile().text = it < levels ? "\$INCLUDE inc${it + 1}.zone\n" : 'deep TXT x\n' }
    def zone = write('$INCLUDE inc1.zone\n')

    expect:
    failure(zone)?.location() == error?.replace('DIR', dir.toString())

    where:
    levels || error                 | outcome
    15     || null                  | 'loads'
    16     || 'DIR/inc15.zone:1'    | 'is refused at the line of the 16th'
  }

  def "a line a \$GENERATE made after an error in a later record still names that record's line"() {
    given:
    def zone = write('$GENERATE 1-2 g$ TXT g$\nbad A 192.0.2.300\n')

    expect:
    failure(zone).location() == "${zone}:7"
  }

  def "check accepts a zone of generated MX and TXT records"() {
    given:
    def zone = write('$GENERATE 1-3 host$ MX "10 mail$"\n$GENERATE 10-12 x$ TXT "v$"\n')

    when:
    def (code, out) = LoomProcess.run(['check', zone.toString()])

    then:
    code == 0
    out.contains("${zone}: zone example.com. serial 1, 9 records: OK")
  }

  @Requires({ Dig.available() })
  def "dig is answered from records a \$GENERATE made"() {
    given:
    def zone = write('$GENERATE 1-3 host$ MX "10 mail$"\n$GENERATE 10-12 x$ TXT "v$ and $$"\n')
    int port = LoomProcess.freePort()
    def server = LoomProcess.start(['--bindzone', zone.toString(), '-i', '127.0.0.1', '-p', port as String])
    assert server.awaitOutput('serving with stages'): server.output

    when:
    def txt = Dig.run(['@127.0.0.1', '-p', port as String, '+short', 'x11.example.com', 'TXT'])
    def mx = Dig.run(['@127.0.0.1', '-p', port as String, '+short', 'host2.example.com', 'MX'])

    then:
    txt.trim() == '"v11" "and" "$"'
    mx.trim() == '10 mail2.example.com.'

    cleanup:
    server?.close()
  }
}
