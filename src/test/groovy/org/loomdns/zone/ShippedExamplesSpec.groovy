package org.loomdns.zone

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import org.loomdns.dynamic.DynamicResolver
import org.loomdns.support.LoomProcess
import spock.lang.Specification

/**
 * Every example we ship loads: each zone in zones/ as `check` and the server read it, each
 * rule file in samples/ as `--script` reads it, and each client sample compiles. (The samples'
 * behaviour is checked by the client and dynamic SamplesSpecs.)
 */
class ShippedExamplesSpec extends Specification {

  static List<Path> shipped() {
    Files.list(Path.of('zones')).withCloseable { s -> s.filter { Files.isRegularFile(it) }.sorted().toList() }
  }

  def "zones/ holds example zones in both formats"() {
    expect:
    shipped()*.fileName*.toString().containsAll(['example.com.zone', 'example.com.groovy', 'example-domain.com'])
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

  def "samples/#file loads"() {
    when:
    def path = Path.of('samples', file)
    if (Files.readString(path).contains('rule(')) {
      DynamicResolver.load([path], [], Duration.ofSeconds(5))
    } else {
      new GroovyShell().parse(path.toFile())
    }

    then:
    noExceptionThrown()

    where:
    file << Files.list(Path.of('samples')).withCloseable { s -> s.map { it.fileName.toString() }.filter { it.endsWith('.groovy') }.sorted().toList() }
  }
}
