package org.loomdns.zone.dsl

import java.nio.file.Path
import org.loomdns.support.TestServer
import org.loomdns.zone.bind.BindZoneLoader
import org.xbill.DNS.Message
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** zones/example.com.zone and zones/example.com.groovy are one zone: a server answers the same from either. */
class ZoneFormatsAgreeSpec extends Specification {

  @Shared @AutoCleanup TestServer bind = TestServer.withLoadedZones([BindZoneLoader.load(Path.of('zones/example.com.zone'))])
  @Shared @AutoCleanup TestServer groovy = TestServer.withLoadedZones([GroovyZoneLoader.load(Path.of('zones/example.com.groovy'))])

  static String render(Message m) {
    List<String> out = ["rcode ${m.rcode}", "flags ${m.header.printFlags()}"]
    for (int s : [Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL]) {
      out << "section ${s}: " + m.getSection(s).collect { it.toString() }.sort().join(' | ')
    }
    out.join('\n')
  }

  def "#name #typeName is answered identically from the BIND and the Groovy zone"() {
    when:
    def fromBind = bind.query(name, Type.value(typeName))
    def fromGroovy = groovy.query(name, Type.value(typeName))

    then:
    render(fromGroovy) == render(fromBind)
    fromBind.getSection(Section.ANSWER) || fromBind.getSection(Section.AUTHORITY)

    where:
    name                          | typeName
    'example.com.'                | 'SOA'
    'example.com.'                | 'NS'
    'example.com.'                | 'MX'
    'example.com.'                | 'A'
    'example.com.'                | 'AAAA'
    'example.com.'                | 'TXT'
    'example.com.'                | 'ANY'
    'www.example.com.'            | 'A'
    'www.example.com.'            | 'AAAA'
    'www.example.com.'            | 'MX'
    'ftp.example.com.'            | 'A'
    '_sip._udp.example.com.'      | 'SRV'
    'bob.users.example.com.'      | 'A'
    'bob.users.example.com.'      | 'TXT'
    'b.deep.example.com.'         | 'A'
    'a.b.deep.example.com.'       | 'TXT'
    'nothing.example.com.'        | 'A'
    'host.lab.example.com.'       | 'A'
    'lab.example.com.'            | 'NS'
  }
}
