package org.loomdns.zone

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.LoomProcess
import spock.lang.Specification

/** Every example zone we ship loads, as `check` and the server read it. */
class ShippedZonesSpec extends Specification {

  static List<Path> shipped() {
    Files.list(Path.of('zones')).withCloseable { s -> s.filter { Files.isRegularFile(it) }.sorted().toList() }
  }

  def "zones/ holds example zones in both formats"() {
    expect:
    shipped()*.fileName*.toString().containsAll(['example.com.zone', 'example.com.groovy', 'example-domain.com.py'])
  }

  def "check accepts every file in zones/"() {
    given:
    def files = shipped()*.toString()

    when:
    def (code, out) = LoomProcess.run(['check'] + files)

    then:
    code == 0
    files.every { f -> out.readLines().any { it.startsWith("${f}: zone ") && it.endsWith(': OK') } }
  }
}
