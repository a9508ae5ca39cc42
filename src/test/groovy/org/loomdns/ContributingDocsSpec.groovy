package org.loomdns

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import spock.lang.Specification

/**
 * docs/contributing.md's commands build, test, benchmark and fuzz this very checkout, for minutes
 * each, so they are checked rather than run: every Maven profile they name exists, every spec they
 * name is in src/test, every option of the benchmark script is one it takes.
 */
class ContributingDocsSpec extends Specification {

  static final List<String> COMMANDS = (Files.readString(Path.of('docs/contributing.md')) =~ /(?s)```\n(.*?)```/)
      .collect { it[1] as String }.collectMany { it.readLines() }
      .collect { it.replaceFirst(/\s+#.*$/, '').trim() }.findAll()

  def "the page shows the build, test, benchmark and fuzz commands"() {
    expect:
    COMMANDS.count { it.contains('./mvnw') } >= 4
    COMMANDS.any { it.startsWith('bash src/bench/run') }
  }

  def "every Maven profile the page names exists: #profile"() {
    when:
    def p = new ProcessBuilder('./mvnw', '-B', '-o', "-P${profile}", 'validate')
        .redirectErrorStream(true).start()
    String out = p.inputStream.text
    boolean done = p.waitFor(300, TimeUnit.SECONDS)

    then:
    done && p.exitValue() == 0
    !out.contains('could not be activated')

    where:
    profile << (['bench'] + COMMANDS.collectMany { (it =~ /-P(\w+)/).collect { m -> m[1] } }).unique()
  }

  def "every spec the page runs is in src/test: #name"() {
    expect:
    Files.walk(Path.of('src/test')).withCloseable { files ->
      files.anyMatch { it.fileName.toString() in [name + '.groovy', name + '.java'] }
    }

    where:
    name << COMMANDS.collectMany { (it =~ /-Dtest='?([\w,]+)'?/).collect { m -> (m[1] as String).split(',') as List }.flatten() }
  }

  def "every option the page gives the benchmark script is one it takes: #option"() {
    expect:
    Files.readString(Path.of('src/bench/run')).contains("    ${option})")

    where:
    option << COMMANDS.findAll { it.startsWith('bash src/bench/run') }.collectMany { (it =~ /--[\w-]+/).collect() }
  }
}
