package org.loomdns.cli

import java.util.concurrent.TimeUnit
import org.loomdns.client.UpdateZones
import org.loomdns.support.Scratch
import org.loomdns.support.UpdateServer
import org.loomdns.support.UpdateServers
import org.loomdns.tsig.TsigKey
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.ZoneTransferIn
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * {@code update}: nsupdate's script language on the client's update builder, against real servers
 * that take updates, and side by side with nsupdate itself on the same script.
 */
class UpdateCommandSpec extends Specification {

  @Shared @AutoCleanup UpdateZones zones = new UpdateZones()

  /** Runs update in this JVM; returns [exit code, stdout, stderr]. */
  static List update(List<String> args, String stdin) {
    def out = new ByteArrayOutputStream()
    def err = new ByteArrayOutputStream()
    int code = UpdateCommand.run(args, new ByteArrayInputStream(stdin.bytes), new PrintStream(out, true), new PrintStream(err, true))
    [code, out.toString(), err.toString()]
  }

  /** Runs the real nsupdate on the script (bounded); returns [exit code, output]. */
  static List nsupdate(List<String> args, String stdin) {
    def p = new ProcessBuilder(['nsupdate'] + args).redirectErrorStream(true).start()
    p.outputStream.withStream { it.write(stdin.bytes) }
    String out = p.inputStream.text
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly()
      throw new IllegalStateException('nsupdate did not finish')
    }
    [p.exitValue(), out]
  }

  /** The zone as AXFR gives it, signed with the key, as sorted presentation lines. */
  static List<String> axfr(UpdateServer server) {
    def xfr = ZoneTransferIn.newAXFR(Name.fromString(UpdateZones.ORIGIN),
        new InetSocketAddress('127.0.0.1', server.port), TsigKey.parse(UpdateZones.KEY).tsig())
    xfr.timeout = java.time.Duration.ofSeconds(10)
    xfr.run()
    (xfr.getAXFR() as List<Record>).collect { it.toString() }.unique().sort()
  }

  static final String CHANGES = '''\
zone example.com
ttl 300
; a new name with two records, if it is new
prereq nxdomain new.example.com
update add new.example.com 60 A 192.0.2.10
add new.example.com 60 IN TXT "hello world"
send
prereq yxrrset www.example.com A
prereq yxrrset www.example.com IN A 192.0.2.80
prereq yxrrset www.example.com A 192.0.2.81
update delete www.example.com A 192.0.2.81
update add mail.example.com AAAA 2001:db8::25
prereq nxrrset mail.example.com AAAA

prereq yxdomain mail.example.com
update delete www.example.com AAAA
del new.example.com TXT
delete ns1.example.com 300 IN A 192.0.2.53
update add ns1.example.com 300 A 192.0.2.54
send
'''

  static final String REFUSED_AT_THE_END = CHANGES + '''\
prereq yxdomain nothere.example.com
update add nothere.example.com 60 A 192.0.2.99
send
prereq nxrrset www.example.com A
update add www.example.com 60 A 192.0.2.99
send
'''

  def "on #kind the same script run by loomdns update and by nsupdate makes the same changes and exits #expected"() {
    given: 'two fresh servers with the same zone'
    def ours = UpdateServers.start(kind, UpdateZones.ORIGIN, UpdateZones.ZONE, UpdateZones.KEY)
    def theirs = UpdateServers.start(kind, UpdateZones.ORIGIN, UpdateZones.ZONE, UpdateZones.KEY)
    def before = axfr(ours)

    when:
    def (code, out, err) = update(['-y', UpdateZones.KEY], "server 127.0.0.1 ${ours.port}\n" + script)
    def (nsCode, nsOut) = nsupdate(['-y', UpdateZones.KEY], "server 127.0.0.1 ${theirs.port}\n" + script)

    then:
    code == expected
    nsCode == expected
    axfr(ours) != before
    axfr(ours) == axfr(theirs)
    axfr(ours).contains('new.example.com.\t60\tIN\tA\t192.0.2.10')
    !axfr(ours).any { it.startsWith('new.example.com.\t60\tIN\tTXT') }
    axfr(ours).contains('ns1.example.com.\t300\tIN\tA\t192.0.2.54')
    err.readLines() == nsOut.readLines().findAll { it.startsWith('update failed') }

    cleanup:
    ours?.close()
    theirs?.close()

    where:
    [kind, script, expected] << [UpdateZones.kinds(), [[CHANGES, 0], [REFUSED_AT_THE_END, 2]]].combinations()
        .collect { k, s -> [k, s[0], s[1]] }
  }

  def "on #kind without a zone line the zone is found by an SOA query, as nsupdate finds it"() {
    when:
    def (code, out, err) = update(['-y', UpdateZones.KEY], """\
server 127.0.0.1 ${zones.server(kind).port}
update add found.www.example.com 60 A 192.0.2.33
send
""")

    then:
    code == 0
    err == ''
    zones.records(kind, 'found.www.example.com.', org.xbill.DNS.Type.A) == ['192.0.2.33']

    where:
    kind << UpdateZones.kinds()
  }

  def "on #kind show prints the update being built, answer the server's reply, and a key line signs like -y"() {
    given:
    def (alg, name, secret) = UpdateZones.KEY.split(':')

    when:
    def (code, out, err) = update([], """\
server 127.0.0.1 ${zones.server(kind).port}
key ${alg}:${name} ${secret}
update add shown.example.com 60 A 192.0.2.44
show
send
answer
quit
update add never.example.com 60 A 192.0.2.45
send
""")

    then:
    code == 0
    err == ''
    out.startsWith('Outgoing update query:\n')
    out.contains('shown.example.com.\t60\tIN\tA\t192.0.2.44')
    out.contains('Answer:\n')
    out.substring(out.indexOf('Answer:')).contains('opcode: UPDATE, status: NOERROR')
    zones.records(kind, 'shown.example.com.', org.xbill.DNS.Type.A) == ['192.0.2.44']
    zones.records(kind, 'never.example.com.', org.xbill.DNS.Type.A) == []

    where:
    kind << UpdateZones.kinds()
  }

  def "on #kind a wrong key makes the update fail with NOTAUTH (BADKEY) and exit 2, as nsupdate does"() {
    when:
    def script = "server 127.0.0.1 ${zones.server(kind).port}\nupdate add badkey.example.com 60 A 192.0.2.1\nsend\n"
    def (code, out, err) = update(['-y', UpdateZones.UNKNOWN_KEY], script)
    def (nsCode, nsOut) = nsupdate(['-y', UpdateZones.UNKNOWN_KEY], script)

    then:
    code == 2
    nsCode == 2
    err.trim() == 'update failed: NOTAUTH (BADKEY)'

    where:
    kind << UpdateZones.kinds()
  }

  def "a mistake on line #line stops the script with exit 1 and a sentence naming the line"() {
    when:
    def (code, out, err) = update(['-y', UpdateZones.KEY], "server 127.0.0.1 53\nzone example.com\n" + text + "\nsend\n")

    then:
    code == 1
    err == "loomdns: update: line 3: ${message}\n"
    out == ''

    where:
    text                                            | message
    'bogus www.example.com'                         | 'unknown command bogus (server, local, zone, class, ttl, key, prereq, update, add, del, send, answer, show or quit)'
    'update add www.example.com A 192.0.2.1'        | 'add needs a TTL before the type (or a default set with ttl)'
    'update add www.example.com 60 A'               | 'add needs the record\'s data after the type'
    'update add www.example.com 60 A not-an-ip'     | 'bad A data for www.example.com. (Invalid address: not-an-ip)'
    'update add www.example.com 60 BOGUS 1'         | 'BOGUS is not a record type'
    'update add www.example.com 60 CH A 192.0.2.1'  | 'only class IN is supported, not CH'
    'update change www.example.com'                 | 'update takes add or delete, not change'
    'prereq maybe www.example.com'                  | 'prereq takes nxdomain, yxdomain, nxrrset or yxrrset, not maybe'
    'prereq nxrrset www.example.com'                | 'prereq nxrrset needs a type after the name'
    'prereq nxrrset www.example.com A 192.0.2.1'    | 'prereq nxrrset takes no data, only a name and a type'
    'server localhost'                              | 'server takes an IP address, not localhost'
    'server 127.0.0.1 99999'                        | 'a port is a number from 1 to 65535, not 99999'
    'zone example.com extra'                        | 'zone has more words than it takes: extra'
    'key update-key'                                | 'key needs a SECRET after the name'
    'key update-key !!!'                            | 'TSIG key update-key: the secret is not base64'
    'gsstsig'                                       | 'gsstsig is not supported by loomdns update'
    line = 3
  }

  def "a script file is named in its errors, and a bad command line exits 1"() {
    given:
    def file = Scratch.file('update', '.txt')
    java.nio.file.Files.writeString(file, "zone example.com\nttl soon\n")

    expect:
    update(['-f', file.toString()], '') == [1, '', "loomdns: update: ${file}:2: soon is not a TTL\n".toString()]
    update([file.toString()], '')[0] == 1
    update(['-y', 'nocolon'], '') == [1, '', 'loomdns: update: a TSIG key is [ALG:]NAME:SECRET, not 1 fields separated by colons\n']
    update(['-t', 'x'], '')[2] == 'loomdns: update: -t takes a number from 1 to 3600, not x\n'
    update(['--bogus'], '')[0] == 1
  }
}
