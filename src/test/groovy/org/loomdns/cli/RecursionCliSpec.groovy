package org.loomdns.cli

import java.nio.file.Files
import org.loomdns.support.FakeUpstream
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.SimpleResolver
import org.xbill.DNS.Type
import spock.lang.Specification

/** The forwarder and cache options as a user gives them, in loomdns's own process. */
class RecursionCliSpec extends Specification {

  static Message ask(int port, String name) {
    def r = new SimpleResolver('127.0.0.1')
    r.port = port
    r.timeout = java.time.Duration.ofSeconds(5)
    r.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)))
  }

  def "--forward with --cache answers our zone, forwards the rest and keeps it"() {
    given:
    def upstream = FakeUpstream.good()
    int port = LoomProcess.freePort()
    def loom = LoomProcess.start(['--port', port, '--interface', '127.0.0.1', '--bindzone', 'zones/home.lan.zone',
                                  '--forward', "127.0.0.1:${upstream.address.port}", '--cache'])

    expect:
    loom.awaitOutput('serving with stages [authority, hosts, cache, forwarder]')

    when:
    def own = ask(port, 'nas.home.lan.')
    def forwarded = (1..3).collect { ask(port, 'elsewhere.example.') }

    then:
    own.getSection(Section.ANSWER)*.rdataToString() == ['192.168.1.10']
    own.header.getFlag(Flags.AA) && own.header.getFlag(Flags.RA)
    forwarded.every { it.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.1'] && !it.header.getFlag(Flags.AA) }
    upstream.count == 1

    cleanup:
    loom?.close()
    upstream?.close()
  }

  def "--resolv-conf takes the nameservers of the file and implies --recursive"() {
    given:
    def conf = Scratch.file('resolv', '.conf')
    Files.writeString(conf, 'nameserver 192.0.2.53\nnameserver 2001:db8::53\noptions timeout:2\n')
    def loom = LoomProcess.start(['--port', LoomProcess.freePort(), '--interface', '127.0.0.1',
                                  '--resolv-conf', conf.toString()])

    expect:
    loom.awaitOutput('serving with stages [authority, hosts, forwarder]')
    loom.output.contains('forwarding to [192.0.2.53#53, 2001:db8::53#53]')

    cleanup:
    loom?.close()
    Files.deleteIfExists(conf)
  }

  def "an upstream that is loomdns itself is warned about, and its questions end in SERVFAIL"() {
    given:
    int port = LoomProcess.freePort()
    def loom = LoomProcess.start(['--port', port, '--interface', '127.0.0.1', '--forward', "127.0.0.1:${port}",
                                  '--forward-budget', '1000'])

    expect:
    loom.awaitOutput('serving with stages [authority, hosts, forwarder]')
    loom.output.contains('would ask itself')
    ask(port, 'loop.example.').rcode == org.xbill.DNS.Rcode.SERVFAIL

    cleanup:
    loom?.close()
  }

  def "--cache with nothing behind it is accepted, with a warning"() {
    given:
    def loom = LoomProcess.start(['--port', LoomProcess.freePort(), '--interface', '127.0.0.1', '--cache',
                                  '--bindzone', 'zones/home.lan.zone'])

    expect:
    loom.awaitOutput('serving with stages [authority, cache]')
    loom.output.contains('nothing behind the cache')

    cleanup:
    loom?.close()
  }
}
