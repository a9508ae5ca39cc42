package org.loomdns.notify

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.support.Wire
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * docs/zone-distribution.md's "Running a fleet", run as written: a loomdns primary and two loomdns secondaries on
 * free ports, a change on the primary reaching both by NOTIFY and IXFR.
 */
class FleetSpec extends Specification {

  def "a primary and two secondaries as the docs run them keep in step by NOTIFY and IXFR"() {
    given: 'the commands of the section, with free ports, a copy of the zone and scratch directories'
    String readme = Files.readString(Path.of('docs/zone-distribution.md'))
    String section = readme.substring(readme.indexOf('## Running a fleet'))
    section = section.substring(0, section.indexOf('\n## ', 5))
    List<String> commands = section.readLines().findAll { it.startsWith('$ java -jar target/loomdns.jar') }
    Path dir = Scratch.dir('fleet')
    Path zone = dir.resolve('example.com.zone')
    Files.copy(Path.of('zones/example.com.zone'), zone)
    Map<String, String> ports = ['10053', '10054', '10055'].collectEntries { [it, LoomProcess.freePort() as String] }
    List<List<String>> args = commands.collect { c ->
      c.substring('$ java -jar target/loomdns.jar '.length()).split(' ').collect { String a ->
        String out = a.replace('zones/example.com.zone', zone.toString())
        ports.each { k, v -> out = out.replace(k, v) }
        out.startsWith('secondary-') ? dir.resolve(out).toString() : out
      }
    }
    def primary = LoomProcess.start(args[0])
    assert primary.awaitOutput('serving with stages')
    def secondaries = args[1..2].collect { LoomProcess.start(it) }

    expect: 'three commands, and both secondaries serve the zone after their AXFR'
    commands.size() == 3
    secondaries.every { it.awaitOutput('by AXFR') }
    secondaries.every { www(it == secondaries[0] ? ports['10054'] : ports['10055']) == ['192.0.2.80'] }

    when: 'the zone changes, its serial goes up, and the primary gets SIGHUP'
    Files.writeString(zone, Files.readString(zone).replace('2026112301', '2026112302').replace('192.0.2.80', '192.0.2.81'))
    primary.signal('HUP')

    then: 'each secondary is told, fetches the change by IXFR and answers it'
    secondaries.every { it.awaitOutput('2026112301 -> 2026112302 by IXFR') }
    www(ports['10054']) == ['192.0.2.81']
    www(ports['10055']) == ['192.0.2.81']
    primary.awaitOutput('NOTIFY example.com. serial 2026112302')

    cleanup:
    secondaries*.close()
    primary?.close()
  }

  static List<String> www(String port) {
    Wire.udp(port as int, Wire.query('www.example.com', Type.A)).getSection(Section.ANSWER)*.rdataToString()
  }
}
