package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.IgnoreIf
import spock.lang.Specification

/**
 * Running as a service: samples/loomdns.service passes systemd-analyze and asks only for options
 * loomdns has; --pidfile is written once the listeners are bound and removed at a clean exit; the
 * log goes to --log-file or to syslog instead of stderr.
 */
class ServiceSpec extends Specification {

  static final Path UNIT = Path.of('samples/loomdns.service')

  static boolean analyzeAvailable() {
    try {
      new ProcessBuilder('systemd-analyze', '--version').start().waitFor(10, TimeUnit.SECONDS)
    } catch (IOException ignored) {
      false
    }
  }

  /** The unit's settings; a line ending in a backslash goes on on the next. */
  static Map<String, List<String>> settings() {
    Map<String, List<String>> out = [:].withDefault { [] }
    Files.readString(UNIT).replaceAll(/\\\n\s*/, ' ').readLines().findAll { it =~ /^[A-Za-z]+=/ }.each {
      int eq = it.indexOf('=')
      out[it.substring(0, eq)] << it.substring(eq + 1)
    }
    out
  }

  @IgnoreIf(value = { !analyzeAvailable() }, reason = 'systemd-analyze is not installed here')
  def "systemd-analyze verify finds nothing to say about the unit"() {
    given: 'a copy under the name systemd expects (verify reads the unit from its path)'
    Path copy = Scratch.dir('unit').resolve('loomdns.service')
    Files.copy(UNIT, copy)

    when:
    def p = new ProcessBuilder('systemd-analyze', 'verify', copy.toString()).redirectErrorStream(true).start()
    String out = p.inputStream.text
    assert p.waitFor(60, TimeUnit.SECONDS)

    then:
    p.exitValue() == 0
    out.readLines().findAll { it.contains('loomdns.service') } == []
  }

  def "the unit binds port 53 with one capability as a dynamic user, sandboxed, and reloads with SIGHUP"() {
    given:
    def s = settings()

    expect:
    s.DynamicUser == ['yes']
    s.AmbientCapabilities == ['CAP_NET_BIND_SERVICE']
    s.CapabilityBoundingSet == ['CAP_NET_BIND_SERVICE']
    s.NoNewPrivileges == ['yes']
    s.ProtectSystem == ['strict']
    s.StateDirectory == ['loomdns']
    s.ExecReload == ['/bin/kill -HUP $MAINPID']
    s.ExecStart[0] =~ /-Xmx\d+[mg]/
    s.ExecStart[0].contains('--port 53')
  }

  def "every option the unit starts loomdns with is one loomdns has"() {
    given:
    String start = settings().ExecStart[0]
    List<String> asked = (start.substring(start.indexOf('loomdns.jar')) =~ /(--[a-z-]+)/).collect { it[1] }
    def (int code, String help) = LoomProcess.run(['--help'])

    expect:
    code == 0
    asked.size() >= 5
    asked.findAll { !((help =~ /--[a-z-]+/).collect { it } as Set).contains(it) } == []
  }

  def "the pidfile appears once the listeners are bound, holds our pid across a reload, and is gone after SIGTERM"() {
    given:
    Path pid = Scratch.dir('pid').resolve('loomdns.pid')
    int port = LoomProcess.freePort()
    def loom = LoomProcess.start(['--port', port, '-i', '127.0.0.1', '--bindzone', 'zones/example.com.zone',
                                  '--pidfile', pid.toString()])

    when:
    assert loom.awaitOutput('serving with stages')

    then:
    Files.readString(pid) == "${loom.process.pid()}\n"

    when:
    loom.signal('HUP')

    then:
    loom.awaitOutput('SIGHUP: reloading zones')
    Files.readString(pid) == "${loom.process.pid()}\n"

    when:
    loom.signal('TERM')

    then:
    loom.awaitExit(30) == 0
    !Files.exists(pid)

    cleanup:
    loom?.close()
  }

  def "a pidfile in a directory that does not exist is a usage error"() {
    when:
    def (int code, String out) = LoomProcess.run(['--port', '0', '--pidfile', '/nonexistent/dir/loomdns.pid'])

    then:
    code == 2
    out.contains('loomdns: --pidfile /nonexistent/dir/loomdns.pid: /nonexistent/dir is not a directory we may write in')
  }

  def "with --log-file the log goes to the file and not to stderr"() {
    given:
    Path log = Scratch.dir('log').resolve('loomdns.log')
    def loom = LoomProcess.start(['--port', LoomProcess.freePort(), '-i', '127.0.0.1', '--bindzone',
                                  'zones/example.com.zone', '--log-file', log.toString()])

    when: 'the serving line is in the file (polled, at most 30 s), then a stop'
    for (int i = 0; i < 300 && !(Files.exists(log) && Files.readString(log).contains('serving with stages')); i++) {
      Thread.sleep(100)
    }
    loom.signal('TERM')
    assert loom.awaitExit(30) == 0

    then:
    Files.readString(log).contains('INFO: loomdns ')
    Files.readString(log).contains('serving with stages [authority]')
    !loom.output.contains('serving with stages')
  }

  def "with --syslog the log goes to the syslog server as loomdns, facility daemon"() {
    given:
    def syslog = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))
    syslog.soTimeout = 30_000
    def loom = LoomProcess.start(['--port', LoomProcess.freePort(), '-i', '127.0.0.1', '--bindzone',
                                  'zones/example.com.zone', '--syslog', '--syslog-server', "127.0.0.1:${syslog.localPort}"])
    List<String> got = []

    when: 'datagrams until the serving line (bounded: each waits 30 s at most, at most 50)'
    for (int i = 0; i < 50 && !got.any { it.contains('serving with stages') }; i++) {
      def packet = new DatagramPacket(new byte[4096], 4096)
      syslog.receive(packet)
      got << new String(packet.data, 0, packet.length, 'UTF-8')
    }

    then: 'priority 30 is facility daemon (3) and severity informational (6)'
    got.find { it.contains('serving with stages') }.startsWith('<30>')
    got.every { it.contains('loomdns') }
    !loom.output.contains('serving with stages')

    cleanup:
    loom?.close()
    syslog?.close()
  }
}
