import static org.xbill.DNS.Type.*

import org.loomdns.testkit.LoomdnsSpec
import spock.lang.Shared

/** What the rule in samples/workstation.groovy answers, one row per question. */
class WorkstationRuleSpec extends LoomdnsSpec {

  @Shared dns = rules('samples/workstation.groovy')

  def "#name #type is #rcode #data"() {
    when:
    def reply = query(name, type)

    then:
    reply.rcode == rcode
    reply.data == data

    where:
    name                          | type | rcode      | data
    'workstation7.example.com'    | 'A'  | 'NOERROR'  | ['172.0.2.7']
    'workstation255.corp.example' | 'A'  | 'NOERROR'  | ['172.0.2.255']
    'workstation256.example.com'  | 'A'  | 'NXDOMAIN' | []
  }

  def "a name the rule does not match is not answered by it"() {
    expect:
    query('server7.example.com', A).rcode == 'REFUSED'
  }
}
