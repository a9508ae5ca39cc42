package org.loomdns.cache

import java.util.concurrent.atomic.AtomicInteger
import org.loomdns.forward.ForwardResolver
import org.loomdns.forward.ForwardSettings
import org.loomdns.support.Counted
import org.loomdns.support.ForwardZones
import org.loomdns.support.Knot
import org.loomdns.support.SignedZones
import org.loomdns.support.SignedZones.Variant
import org.loomdns.support.TestServer
import spock.lang.Shared
import spock.lang.Specification

/**
 * loomdns as a non-validating caching forwarder (RFC 4035 section 3.2) in front of Knot DNS
 * serving zones signed in the test: delv, asking loomdns with the signed zone's KSK as its trust
 * anchor, validates what comes back, fetched and then from the cache, so a validating client
 * behind loomdns can validate. DO and CD go upstream; what is fetched with CD is kept apart.
 */
class DnssecForwardSpec extends Specification {

  @Shared SignedZones signed
  @Shared Knot knot
  @Shared ForwardResolver forwarder
  @Shared AtomicInteger upstreamAsked = new AtomicInteger()
  @Shared TestServer front

  def setupSpec() {
    signed = SignedZones.make(Variant.NSEC3)
    knot = Knot.start([(SignedZones.ORIGIN): signed.parent, 'secure.signed.test.': signed.secure,
                       'insecure.signed.test.': signed.insecure])
    forwarder = ForwardResolver.to([new InetSocketAddress('127.0.0.1', knot.port)], ForwardSettings.defaults())
    front = TestServer.withZones([ForwardZones.OWN], [cache: new CacheResolver(CacheSettings.defaults()),
        forwarder: Counted.stage('forwarder', forwarder, upstreamAsked)])
  }

  def cleanupSpec() {
    front?.close()
    forwarder?.close()
    knot?.close()
  }

  def "delv through loomdns's forwarder validates #name #type, fetched and then from the cache: #verdict"() {
    when:
    int before = upstreamAsked.get()
    String fetched = signed.delv(front.port, name, type)
    int fetches = upstreamAsked.get() - before
    String cached = signed.delv(front.port, name, type)

    then:
    fetched == verdict
    cached == verdict
    fetches > 0
    upstreamAsked.get() - before == fetches

    where:
    name                       | type     | verdict
    'www.signed.test'          | 'A'      | 'fully validated'
    'www.signed.test'          | 'TXT'    | 'negative response, fully validated'
    'nope.signed.test'         | 'A'      | 'negative response, fully validated'
    'a.wild.signed.test'       | 'TXT'    | 'fully validated'
    'x.dn.signed.test'         | 'A'      | 'fully validated'
    'www.secure.signed.test'   | 'A'      | 'fully validated'
    'www.insecure.signed.test' | 'A'      | 'unsigned answer'
  }

  def "answers fetched with CD set validate and are kept apart from those fetched without"() {
    when:
    List<Integer> fetches = [['+cdflag'], ['+cdflag'], [], []].collect { List<String> flags ->
      int before = upstreamAsked.get()
      assert signed.delv(front.port, 'alias.signed.test', 'A', flags) == 'fully validated'
      upstreamAsked.get() - before
    }

    then: 'each kind is fetched once, and then answered from the cache'
    fetches[0] > 0
    fetches[1] == 0
    fetches[2] > 0
    fetches[3] == 0
  }

  def "a client without DO gets no signatures from the cache that holds the signed answer"() {
    when:
    String withDo = front.dig('+dnssec', '+noall', '+answer', 'mail.signed.test', 'A')
    String plain = front.dig('+noall', '+answer', 'mail.signed.test', 'A')
    String withDoAgain = front.dig('+dnssec', '+noall', '+answer', 'mail.signed.test', 'A')

    then:
    withDo.contains('RRSIG')
    !plain.contains('RRSIG')
    plain.contains('192.0.2.25')
    withDoAgain.contains('RRSIG')
  }
}
