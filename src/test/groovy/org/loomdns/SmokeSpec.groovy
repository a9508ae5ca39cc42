package org.loomdns

import org.loomdns.support.TestServer
import org.xbill.DNS.Rcode
import org.xbill.DNS.Section
import spock.lang.Specification

class SmokeSpec extends Specification {
  def "a zone served on a free port answers over UDP"() {
    given:
    def s = TestServer.withZones([new File('zones/example.com.zone').text])

    when:
    def m = s.query('www.example.com')

    then:
    m.rcode == Rcode.NOERROR
    m.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.80']

    cleanup:
    s?.close()
  }
}
