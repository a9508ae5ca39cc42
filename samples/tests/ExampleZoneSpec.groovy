import static org.xbill.DNS.Type.*

import org.loomdns.testkit.LoomdnsSpec
import spock.lang.Shared

/** What zones/example.com.zone answers: run with java -jar target/loomdns.jar test samples/tests */
class ExampleZoneSpec extends LoomdnsSpec {

  // One loomdns for the whole spec, serving the zone file (a .groovy zone works the same).
  @Shared dns = zones('zones/example.com.zone')

  def "www has its web server's addresses"() {
    expect:
    resolve('www.example.com', A) == ['192.0.2.80']
    resolve('www.example.com', AAAA) == ['2001:db8::80']
  }

  def "the answers are authoritative and live an hour"() {
    when:
    def reply = query('mail.example.com', A)

    then:
    reply.rcode == 'NOERROR'
    reply.aa
    reply.answer == ['mail.example.com. 3600 IN A 192.0.2.25']
    reply.ttls == [3600L]
  }

  def "a name that does not exist is NXDOMAIN, with the SOA for negative caching"() {
    when:
    def reply = query('nothing.example.com', A)

    then:
    reply.rcode == 'NXDOMAIN'
    reply.answer.empty
    reply.authority == ['example.com. 300 IN SOA ns1.example.com. hostmaster.example.com. 2026112301 7200 3600 1209600 300']
  }

  def "a name without records of the type asked is NODATA: NOERROR, no answer, the SOA"() {
    when:
    def reply = query('mail.example.com', MX)

    then:
    reply.rcode == 'NOERROR'
    reply.answer.empty
    reply.authority.first().contains(' SOA ')
  }

  def "any name under users matches the wildcard: #name"() {
    expect:
    resolve(name, A) == ['192.0.2.100']

    where:
    name << ['alice.users.example.com', 'bob.users.example.com']
  }

  def "lab is delegated: a referral to its name server, with glue"() {
    when:
    def reply = query('host.lab.example.com', A)

    then:
    reply.rcode == 'NOERROR'
    !reply.aa
    reply.answer.empty
    reply.authority == ['lab.example.com. 3600 IN NS ns.lab.example.com.']
    reply.additional == ['ns.lab.example.com. 3600 IN A 192.0.2.200']
  }

  def "the mail exchanger and the alias"() {
    expect:
    resolve('example.com', MX) == ['10 mail.example.com.']
    resolve('ftp.example.com', A) == ['www.example.com.', '192.0.2.80']
  }
}
