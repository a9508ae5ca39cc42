package org.loomdns.cli

import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.support.Wire
import org.xbill.DNS.DClass
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.SimpleResolver
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Specification

/** The command line as a user meets it: options, exit codes, one-line errors, signals. */
class CliSpec extends Specification {

  static final String ZONE = '''$ORIGIN cli.example.
$TTL 300
@     SOA ns1 hostmaster SERIAL 7200 3600 1209600 60
@     NS  ns1
ns1   A   192.0.2.53
www   A   ADDRESS
'''

  File dir = Scratch.dir('cli').toFile()

  File zone(String serial = '1', String address = '192.0.2.80') {
    def f = new File(dir, 'cli.example.zone')
    f.text = ZONE.replace('SERIAL', serial).replace('ADDRESS', address)
    f
  }

  def "--help lists every option with its default"() {
    when:
    def (code, out) = LoomProcess.run(['--help'])

    then:
    code == 0
    ['--port', '--interface', '--bindzone', '--allow-transfer', '--max-udp-payload',
     '--tcp-idle-timeout', '--max-tcp-connections', '--rate-limit', '--rate-limit-slip', '--rate-limit-window',
     '--verbose', '--version', '--help', 'check'].every { out.contains(it) }
    out.contains('Default: 53')
    out.contains('Default: 1232')
  }

  def "--version prints the version"() {
    when:
    def (code, out) = LoomProcess.run(['--version'])

    then:
    code == 0
    out.startsWith('loomdns ')
  }

  def "#what gives one clear line and exit code #exit, never a stack trace"() {
    when:
    def (code, out) = LoomProcess.run(args.collect { it.replace('DIR', dir.path) })

    then:
    code == exit
    out.trim().readLines().size() == 1
    out.startsWith('loomdns: ')
    out.contains(says)
    !out.contains('Exception')
    !out.contains('\tat ')

    where:
    what                   | args                                             || exit | says
    'an unknown option'    | ['--frobnicate']                                 || 2    | 'loomdns: unknown option --frobnicate (see --help)'
    'a stray argument'     | ['-p', '0', 'example.com']                       || 2    | 'unexpected argument example.com: every argument belongs to an option'
    'an option without its value' | ['--port']                                || 2    | '--port needs a value'
    'a missing zone file'  | ['--bindzone', 'DIR/none.zone', '-p', '0']       || 2    | 'none.zone: no such file'
    'a bad port'           | ['--port', 'seventy']                            || 2    | '--port takes a whole number, not seventy'
    'a bad port, with ='   | ['--port=seventy']                               || 2    | '--port takes a whole number, not seventy'
    'a short option, with =' | ['-p=seventy']                                 || 2    | '-p takes a whole number, not seventy'
    'an option name run on' | ['--portx=1']                                   || 2    | 'loomdns: Unknown option: --portx (see --help)'
    'an unknown option with =' | ['--frob=1']                                 || 2    | 'loomdns: unknown option --frob=1 (see --help)'
    'a port out of range'  | ['--port', '70000']                              || 2    | '--port'
    'a bad interface'      | ['-i', 'eth0', '-p', '0']                        || 2    | '--interface'
    'a bad transfer range' | ['--allow-transfer', '10.0.0.0/99', '-p', '0']   || 2    | '10.0.0.0/99'
    'a bad UDP socket kind' | ['--udp-io', 'fast', '-p', '0']                 || 2    | '--udp-io takes auto, native or jdk, not fast'
    'a negative rate limit' | ['--rate-limit', '-5', '-p', '0']               || 2    | '--rate-limit'
    'a rate limit window of 0' | ['--rate-limit', '5', '--rate-limit-window', '0', '-p', '0'] || 2 | '--rate-limit-window'
  }

  def "--rate-limit 5 --rate-limit-slip 0 answers at most a few of 100 UDP queries and every TCP query"() {
    given:
    int port = LoomProcess.freePort()
    def server = LoomProcess.start(['--bindzone', zone().path, '-i', '127.0.0.1', '-p', port as String,
                                    '--rate-limit', '5', '--rate-limit-slip', '0'])
    assert server.awaitOutput('serving with stages')
    def socket = new DatagramSocket()
    socket.soTimeout = 1000
    byte[] q = Wire.query('www.cli.example.')

    when:
    long start = System.nanoTime()
    100.times { socket.send(new DatagramPacket(q, q.length, InetAddress.getByName('127.0.0.1'), port)) }
    int answered = 0
    try {
      while (answered < 100) {
        socket.receive(new DatagramPacket(new byte[512], 512))
        answered++
      }
    } catch (SocketTimeoutException ignored) {
      // the rest were dropped
    }
    long seconds = (System.nanoTime() - start).intdiv(1_000_000_000L) + 2

    then:
    answered >= 1
    answered <= 5 * seconds
    (1..3).every { answer('127.0.0.1', port, true) == '192.0.2.80' }

    cleanup:
    socket?.close()
    server?.close()
  }

  def "a zone file with a mistake stops start-up with its file and line"() {
    given:
    def f = zone('1', '999.0.0.1')

    when:
    def (code, out) = LoomProcess.run(['--bindzone', f.path, '-p', '0'])

    then:
    code == 1
    out.contains("${f.path}:6: ")
    out.contains('999.0.0.1')
    !out.contains('\tat ')
  }

  def "a port already in use gives one clear line and exit code 1"() {
    given:
    def port = LoomProcess.freePort()
    def taken = new DatagramSocket(port, InetAddress.getByName('127.0.0.1'))

    when:
    def (code, out) = LoomProcess.run(['--bindzone', zone().path, '-i', '127.0.0.1', '-p', port as String])

    then:
    code == 1
    out.readLines().find { it.startsWith('loomdns: ') }.contains('already in use')
    !out.contains('\tat ')

    cleanup:
    taken?.close()
  }

  def "--udp-io native where native access is not enabled gives one clear line and exit code 1"() {
    when: 'a JVM without --enable-native-access, which the manifest of the jar gives'
    def (code, out) = LoomProcess.run(['--bindzone', zone().path, '--udp-io', 'native', '-i', '127.0.0.1', '-p', '0'])

    then:
    code == 1
    !out.contains('\tat ')
    out.readLines().findAll { it.startsWith('loomdns: ') } == ['loomdns: --udp-io native is not available here: ' + (Runtime.version().feature() >= 22
        ? "native access is not enabled (java --enable-native-access=ALL-UNNAMED; the jar's manifest enables it)"
        : 'it needs JDK 22 or newer, this is ' + Runtime.version().feature()) + '; --udp-io auto falls back to jdk']
  }

  def "with --udp-io #io and no --interface the server says which UDP socket it took and answers IPv4 and IPv6 clients"() {
    given:
    def port = LoomProcess.freePort()
    def server = LoomProcess.start(['--bindzone', zone().path, '-p', port as String, '--udp-io', io],
        new File('.'), ['--enable-native-access=ALL-UNNAMED'])
    assert server.awaitOutput('serving with stages')

    expect:
    server.output.contains("listening on *:${port} udp (receive buffer ")
    server.output.contains(says)
    ['127.0.0.1', '::1'].every { address ->
      [false, true].every { tcp -> answer(address, port, tcp) == '192.0.2.80' }
    }

    cleanup:
    server?.close()

    where: 'the native socket where this JDK has it (22 and newer)'
    [io, says] << [['jdk', 'KiB, jdk channel socket)']] +
        (Runtime.version().feature() >= 22 ? [['native', 'KiB, native recvmmsg socket)']] : [])
  }

  def "--opt=value means what --opt value means, as twistd takes it"() {
    given:
    def port = LoomProcess.freePort()
    def server = LoomProcess.start(["--bindzone=${zone().path}", '--interface=127.0.0.1', "--port=${port}",
                                    '--allow-transfer=127.0.0.1'].collect { it.toString() })
    assert server.awaitOutput('serving with stages')

    expect:
    answer(port) == '192.0.2.80'

    cleanup:
    server?.close()
  }

  def "the server answers, reloads on SIGHUP keeping the last good zone, and exits 0 on #signal"() {
    given:
    def port = LoomProcess.freePort()
    def f = zone('1', '192.0.2.80')
    def server = LoomProcess.start(['--bindzone', f.path, '-i', '127.0.0.1', '-p', port as String, '-v'])
    assert server.awaitOutput('serving with stages')

    expect: 'the zone as loaded'
    answer(port) == '192.0.2.80'
    server.output.contains('loaded zone cli.example. serial 1 (4 records)')
    server.awaitOutput('udp www.cli.example. A NOERROR by authority')

    and: '-v keeps the packet cache, and logs its hits (a reply goes out before its entry is kept, so ask twice more)'
    answer(port) == '192.0.2.80'
    answer(port) == '192.0.2.80'
    server.awaitOutput('udp www.cli.example. A NOERROR by packet cache')

    when: 'the zone changes and SIGHUP arrives'
    zone('2', '192.0.2.81')
    server.signal('HUP')

    then:
    server.awaitOutput('reloaded zone cli.example. serial 2')
    answer(port) == '192.0.2.81'

    when: 'the zone breaks and SIGHUP arrives'
    zone('3', 'not-an-address')
    server.signal('HUP')

    then: 'the error names file and line, and the last good zone still answers'
    server.awaitOutput('reload failed, cli.example. keeps serial 2')
    server.output.contains("${f.path}:6:")
    answer(port) == '192.0.2.81'

    when:
    server.signal(signal)

    then:
    server.awaitExit() == 0
    server.output.contains('stopped')

    cleanup:
    server?.close()

    where:
    signal << ['TERM', 'INT']
  }

  def "a server started under nohup, where SIGHUP cannot reach it, says so at start"() {
    given:
    def port = LoomProcess.freePort()
    def server = LoomProcess.startUnder(['nohup'], ['--bindzone', zone('1', '192.0.2.80').path, '-i', '127.0.0.1', '-p', port as String])

    expect:
    server.awaitOutput('serving with stages')
    server.output.contains('SIGHUP is ignored in this process (was it started under nohup?): it will not reload')

    cleanup:
    server?.close()
  }

  def "check prints each good zone's name, serial and size, and each mistake with file and line"() {
    given:
    def good = zone('7')
    def bad = new File(dir, 'bad.example.zone')
    bad.text = '$ORIGIN bad.example.\n$TTL 60\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\nwww CNAME ns\nwww TXT "x"\n'

    when:
    def (okCode, okOut) = LoomProcess.run(['check', good.path])
    def (badCode, badOut) = LoomProcess.run(['check', good.path, bad.path])

    then:
    okCode == 0
    okOut.contains('zone cli.example. serial 7, 4 records: OK')
    badCode == 1
    badOut.contains("${bad.path}:7: www.bad.example. has a CNAME and other data")
  }

  private static String answer(String address, int port, boolean tcp) {
    def resolver = new SimpleResolver(InetAddress.getByName(address))
    resolver.port = port
    resolver.TCP = tcp
    resolver.timeout = java.time.Duration.ofSeconds(3)
    def m = resolver.send(Message.newQuery(Record.newRecord(Name.fromString('www.cli.example.'), Type.A, DClass.IN)))
    assert m.rcode == Rcode.NOERROR
    m.getSection(Section.ANSWER)*.rdataToString().join(',')
  }

  private static String answer(int port) {
    def m = Wire.udp(port, Wire.query('www.cli.example', Type.A))
    assert m.rcode == Rcode.NOERROR
    m.getSection(Section.ANSWER)*.rdataToString().join(',')
  }
}
