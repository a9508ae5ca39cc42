package org.loomdns.cli

import java.nio.file.Files
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.support.Wire
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * SIGTERM with every stage busy: a forwarder waiting on an upstream that never answers (for longer
 * than the grace period), a cache in front of it, a rule that spins, and a TCP connection open.
 */
class StopCliSpec extends Specification {

  def "SIGTERM with the forwarder, cache and rules all busy exits 0 within the grace period"() {
    given: 'an upstream that takes every query and answers none'
    def silent = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))
    def rules = Scratch.file('rules', '.groovy')
    Files.writeString(rules, "rule(name: 'spin.example') { q, m -> while (true) {} }\n")
    int port = LoomProcess.freePort()
    def loom = LoomProcess.start(['--port', port, '--interface', '127.0.0.1', '--cache',
                                  '--forward', "127.0.0.1:${silent.localPort}", '--forward-timeout', '60000',
                                  '--forward-budget', '60000', '--script', rules.toString(), '--script-timeout', '60000'])
    assert loom.awaitOutput('serving with stages [authority, hosts, cache, dynamic, forwarder]')

    and: 'queries in flight in every stage, and a TCP connection holding one'
    def asking = (1..20).collect { n ->
      Thread.startVirtualThread { Wire.udp(port, Wire.query("name${n}.example", Type.A), 15_000) }
    }
    asking << Thread.startVirtualThread { Wire.udp(port, Wire.query('spin.example', Type.A), 15_000) }
    def tcp = Wire.tcp(port)
    tcp.outputStream.write(Wire.framed(Wire.query('tcp.example', Type.A)))
    Thread.sleep(1000)

    when:
    loom.signal('TERM')
    def code = loom.awaitExit(30)

    then:
    code == 0
    loom.output.contains('stopped')

    cleanup:
    tcp?.close()
    loom?.close()
    silent?.close()
    asking*.join(100)
  }
}
