package org.loomdns.testkit

import static org.xbill.DNS.Type.*

import java.nio.file.Files
import org.loomdns.support.Scratch
import spock.lang.Shared
import spock.lang.Stepwise

/**
 * The base spec as a user's spec uses it: the spec's loomdns serves every feature, a feature's own
 * replaces it for that feature and is stopped after it; a zone with a mistake says where.
 */
@Stepwise
class LoomdnsSpecSpec extends LoomdnsSpec {

  @Shared spec = zones('zones/example.com.zone')
  @Shared int featurePort

  def "the spec's loomdns answers from its zone, on a loopback port the system picked"() {
    expect:
    resolve('www.example.com', A) == ['192.0.2.80']
    loomdns.is(spec)
    spec.address.address.loopbackAddress
    spec.port > 0
  }

  def "a feature's own loomdns answers that feature's questions"() {
    given:
    def own = zones('zones/example.com.groovy')
    featurePort = own.port

    expect:
    loomdns.is(own)
    own.port != spec.port
    query('www.example.com', 'A').data == ['192.0.2.80']
    resolve('www.example.com', 'AAAA') == ['2001:db8::80']
  }

  def "after its feature, the feature's loomdns is stopped and the spec's answers again"() {
    expect:
    loomdns.is(spec)
    portIsFree(featurePort)
    queryTcp('nothing.example.com', A).rcode == 'NXDOMAIN'
  }

  def "a zone file with a mistake stops the start with its file and line"() {
    given:
    def f = Scratch.file('broken', '.zone')
    Files.writeString(f, '$ORIGIN example.net.\n$TTL 60\n@ IN SOA ns hostmaster 1 2 3 4 5\nwww IN A 192.0.2.999\n')

    when:
    zones(f.toString())

    then:
    def e = thrown(IllegalArgumentException)
    e.message.contains("${f}:4")
  }

  def "an answer too big for UDP comes back truncated over UDP and whole over TCP"() {
    given:
    def f = Scratch.file('big', '.zone')
    Files.writeString(f, '$ORIGIN big.test.\n$TTL 60\n@ IN SOA ns hostmaster 1 2 3 4 5\n@ IN NS ns\nns IN A 192.0.2.1\n'
        + (1..40).collect { "txt IN TXT \"record number ${it} of forty, padded to take room\"\n" }.join())
    def big = zones(f.toString())

    expect:
    big.query('txt.big.test', TXT).tc
    !big.queryTcp('txt.big.test', TXT).tc
    big.queryTcp('txt.big.test', TXT).answer.size() == 40
  }

  static boolean portIsFree(int port) {
    try {
      new DatagramSocket(new InetSocketAddress(InetAddress.loopbackAddress, port)).close()
      true
    } catch (SocketException ignored) {
      false
    }
  }
}
