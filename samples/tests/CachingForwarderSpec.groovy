import static org.xbill.DNS.Type.*

import org.loomdns.testkit.FakeUpstream
import org.loomdns.testkit.LoomdnsSpec
import spock.lang.AutoCleanup
import spock.lang.Shared

/** A caching forwarder, tested offline: the upstream it forwards to is a fake with canned answers. */
class CachingForwarderSpec extends LoomdnsSpec {

  @Shared @AutoCleanup upstream = FakeUpstream.start()
      .answer('www.example.org. 300 IN A 198.51.100.7')

  def setup() {
    // A new forwarder for each feature, so each starts with an empty cache.
    serve('--forward', upstream.address, '--cache')
  }

  def "a forwarded answer is kept: the second query does not reach the upstream"() {
    given:
    def before = upstream.count('www.example.org', A)

    expect:
    resolve('www.example.org', A) == ['198.51.100.7']
    resolve('www.example.org', A) == ['198.51.100.7']
    upstream.count('www.example.org', A) - before == 1
  }

  def "a name the upstream does not know is NXDOMAIN, and recursion is available"() {
    when:
    def reply = query('nothing.example.org', A)

    then:
    reply.rcode == 'NXDOMAIN'
    reply.ra
  }
}
