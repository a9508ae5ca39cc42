package org.loomdns.cli

import org.loomdns.client.ClientZones
import org.loomdns.support.Dig
import org.loomdns.support.FakeUpstream
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.support.TestServer
import org.xbill.DNS.Section
import spock.lang.AutoCleanup
import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification

/** {@code lookup}: dig's command line on the client, against a real loomdns on loopback. */
class LookupCommandSpec extends Specification {

  @Shared @AutoCleanup TestServer server = TestServer.withZones(ClientZones.ALL)

  /** Runs lookup in this JVM; returns [exit code, stdout, stderr]. */
  List lookup(List<String> args, String stdin = '') {
    def out = new ByteArrayOutputStream()
    def err = new ByteArrayOutputStream()
    int code = LookupCommand.run(['@127.0.0.1', '-p', server.port as String] + args,
        new ByteArrayInputStream(stdin.bytes), new PrintStream(out, true), new PrintStream(err, true))
    [code, out.toString(), err.toString()]
  }

  def "a lookup prints the reply in dig's presentation format"() {
    when:
    def (code, out, err) = lookup(['www.client.test'])

    then:
    code == 0
    err == ''
    out.startsWith('; <<>> loomdns lookup <<>> www.client.test A IN\n;; Got answer:\n')
    out.contains('status: NOERROR')
    out.contains('flags: qr aa rd')
    out.readLines().contains(server.query('www.client.test').getSection(Section.ANSWER)[0].toString())
    out.contains(";; SERVER: 127.0.0.1#${server.port}")
  }

  @IgnoreIf({ !Dig.available() })
  def "+short prints what dig +short prints for #args"() {
    when:
    def (code, out, err) = lookup(['+short'] + args)

    then:
    code == 0
    out.readLines() as Set == server.dig(*(['+short'] + args)).readLines() as Set
    !out.isBlank()

    where:
    args << [['www.client.test'], ['client.test', 'MX'], ['client.test', 'NS'], ['_sip._udp.client.test', 'SRV'],
             ['client.test', 'SOA'], ['alias.client.test'], ['-x', '192.0.2.80'], ['-x', '2001:db8::80'],
             ['alias.client.test', 'CNAME'], ['client.test', 'MX', 'IN'], ['client.test', 'TXT'],
             ['odd.client.test', 'TXT'], ['big.client.test', 'TXT']]
  }

  def "several names are looked up at once and printed in the order given"() {
    when:
    def (code, out, err) = lookup(['+short', 'www.client.test', 'mail.client.test', '-x', '192.0.2.25', 'ns1.client.test', 'client.test', 'TXT'])

    then:
    code == 0
    out.readLines() == ['192.0.2.80', '192.0.2.25', 'mail.client.test.', '192.0.2.53', '"hello"']
  }

  def "-f reads one question a line from #source, skipping blanks and comments"() {
    given:
    def text = '; reverse and forward\n-x 192.0.2.80\n\nwww.client.test AAAA\n# a comment\nmx0.client.test\n'
    def file = Scratch.file('names', '.txt').toFile()
    file.text = text

    when:
    def (code, out, err) = lookup(['+short', '-f', source == 'stdin' ? '-' : file.path], source == 'stdin' ? text : '')

    then:
    code == 0
    out.readLines() == ['www.client.test.', '2001:db8:0:0:0:0:0:80', '192.0.2.26']

    where:
    source << ['a file', 'stdin']
  }

  def "a thousand names from stdin all resolve, in order"() {
    given:
    def names = (0..<1000).collect { ['www', 'mail', 'ns1', 'mx0'][it % 4] + '.client.test' }

    when:
    def (code, out, err) = lookup(['+short', '-f', '-'], names.join('\n'))

    then:
    code == 0
    out.readLines() == names.collect { ['www': '192.0.2.80', 'mail': '192.0.2.25', 'ns1': '192.0.2.53', 'mx0': '192.0.2.26'][it.tokenize('.')[0]] }
  }

  def "+tcp asks over TCP and a reply too big for UDP arrives whole either way"() {
    expect:
    lookup(['+short', 'big.client.test', 'TXT'])[1].readLines().size() == ClientZones.BIG_TXT.size()
    lookup(['+short', '+tcp', 'big.client.test', 'TXT'])[1].readLines().size() == ClientZones.BIG_TXT.size()
  }

  def "#what exits 1 with one line naming server and question on stderr"() {
    when:
    def (code, out, err) = lookup(args)

    then:
    code == 1
    err.readLines().size() == 1
    err.startsWith('loomdns: lookup: ')
    err.contains(says.replace('PORT', server.port as String))
    printed == out.contains('status: ')

    where:
    what                | args                                 || says                                                     | printed
    'NXDOMAIN'          | ['nothere.client.test']              || 'NXDOMAIN from 127.0.0.1#PORT for nothere.client.test. A IN' | true
    'NXDOMAIN (+short)' | ['+short', 'nothere.client.test']    || 'NXDOMAIN from 127.0.0.1#PORT for nothere.client.test. A IN' | false
    'REFUSED'           | ['www.elsewhere.example', 'MX']      || 'REFUSED from 127.0.0.1#PORT for www.elsewhere.example. MX IN' | true
    'a bad name'        | ['bad..name']                        || 'bad..name: not a domain name'                           | false
  }

  def "one failure among several still prints the others and exits 1"() {
    when:
    def (code, out, err) = lookup(['+short', 'www.client.test', 'nothere.client.test', 'mail.client.test'])

    then:
    code == 1
    out.readLines() == ['192.0.2.80', '192.0.2.25']
    err.contains('nothere.client.test.')
  }

  def "a server that never answers times out, exit 1"() {
    given:
    def silent = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))

    when:
    def out = new ByteArrayOutputStream()
    def err = new ByteArrayOutputStream()
    int code = LookupCommand.run(['@127.0.0.1', '-p', silent.localPort as String, '+time=1', '+tries=2', 'www.client.test'],
        new ByteArrayInputStream(new byte[0]), new PrintStream(out, true), new PrintStream(err, true))

    then:
    code == 1
    err.toString().trim() == "loomdns: lookup: timed out after 2 tries of 1000 ms: no reply from 127.0.0.1#${silent.localPort} for www.client.test. A IN"

    cleanup:
    silent?.close()
  }

  def "#what is a usage error, exit 2"() {
    when:
    def out = new ByteArrayOutputStream()
    def err = new ByteArrayOutputStream()
    int code = LookupCommand.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true), new PrintStream(err, true))

    then:
    code == 2
    err.toString().readLines().size() == 1
    err.toString().contains(says)

    where:
    what                  | args                                   || says
    'no name'             | ['@127.0.0.1']                         || 'no name to look up'
    'a bad address'       | ['-x', '300.1.1.1']                    || 'not an IPv4 or IPv6 address: 300.1.1.1'
    '-x without address'  | ['-x']                                 || '-x needs a value'
    'a bad port'          | ['-p', 'seventy', 'www.client.test']   || '-p takes a number from 1 to 65535, not seventy'
    'an unknown +option'  | ['+frob', 'www.client.test']           || 'unknown option +frob'
    'an unknown -option'  | ['-q', 'www.client.test']              || 'unknown option -q'
    'a bad +time'         | ['+time=0', 'www.client.test']         || '+time takes a number'
  }

  def "as a process: the exit code and one line, never a stack trace; --help lists lookup"() {
    when:
    def (okCode, okOut) = LoomProcess.run(['lookup', '@127.0.0.1', '-p', server.port as String, '+short', 'www.client.test'])
    def (badCode, badOut) = LoomProcess.run(['lookup', '@127.0.0.1', '-p', server.port as String, 'nothere.client.test'])
    def (helpCode, helpOut) = LoomProcess.run(['--help'])

    then:
    okCode == 0
    okOut.trim() == '192.0.2.80'
    badCode == 1
    badOut.contains('loomdns: lookup: NXDOMAIN from')
    !badOut.contains('\tat ')
    helpCode == 0
    helpOut.contains('  lookup [@SERVER]')
  }

  def "the server can carry its port: #spec"() {
    when:
    def out = new ByteArrayOutputStream()
    def err = new ByteArrayOutputStream()
    int code = LookupCommand.run([spec.replace('PORT', server.port as String), '+short', 'www.client.test'],
        new ByteArrayInputStream(new byte[0]), new PrintStream(out, true), new PrintStream(err, true))

    then:
    code == 0
    err.toString() == ''
    out.toString().trim() == '192.0.2.80'

    where:
    spec << ['@127.0.0.1#PORT', '@[127.0.0.1]:PORT', '@[127.0.0.1]#PORT']
  }

  def "#flags change the query as dig's flags do"() {
    given:
    def upstream = FakeUpstream.good()

    when:
    def out = new ByteArrayOutputStream()
    int code = LookupCommand.run(["@127.0.0.1#${upstream.address.port}".toString(), '+short'] + flags + ['www.client.test'],
        new ByteArrayInputStream(new byte[0]), new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true))
    def query = upstream.queries[0]

    then:
    code == 0
    out.toString().trim() == '192.0.2.1'
    query.header.getFlag(org.xbill.DNS.Flags.RD) == rd
    (query.OPT == null) == (payload == 0)
    payload == 0 || query.OPT.payloadSize == payload
    payload == 0 || ((query.OPT.flags & org.xbill.DNS.ExtendedFlags.DO) != 0) == dnssec

    cleanup:
    upstream?.close()

    where:
    flags                          || rd    | payload | dnssec
    []                             || true  | 1232    | false
    ['+norec']                     || false | 1232    | false
    ['+norecurse', '+rec']         || true  | 1232    | false
    ['+dnssec']                    || true  | 1232    | true
    ['+noedns']                    || true  | 0       | false
    ['+bufsize=4096', '+dnssec']   || true  | 4096    | true
    ['+noedns', '+edns']           || true  | 1232    | false
  }

  def "#what is a usage error naming the server, exit 2, and nothing is sent anywhere"() {
    when:
    def err = new ByteArrayOutputStream()
    int code = LookupCommand.run(spec.tokenize(' ') + ['www.client.test'], new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true))

    then:
    code == 2
    err.toString().trim() == 'loomdns: lookup: ' + says

    where:
    what                       | spec                 || says
    'a port out of range'      | '@127.0.0.1#70000'   || 'a server\'s port is 1 to 65535, not 70000 in 127.0.0.1#70000'
    'a port that is no number' | '@127.0.0.1#ten'     || 'a server is ADDRESS, ADDRESS#PORT, [IPV6]:PORT or a host name, not 127.0.0.1#ten'
    'a bracket left open'      | '@[::1:53'           || 'a server is ADDRESS, ADDRESS#PORT, [IPV6]:PORT or a host name, not [::1:53'
    'a colon port on IPv4'     | '@127.0.0.1:53'      || 'a server is ADDRESS, ADDRESS#PORT, [IPV6]:PORT or a host name, not 127.0.0.1:53'
    'DNSSEC without EDNS'      | '@127.0.0.1 +dnssec +noedns' || 'DNSSEC records are asked for with EDNS, which a UDP payload of 0 turns off'
  }
}
