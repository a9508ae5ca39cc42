package org.loomdns

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import spock.lang.Specification

/**
 * docs/benchmark.md's Python benchmarks run for minutes against peers, so they are checked rather
 * than run: every script a command names exists and answers --help, and every option a command
 * gives it is one its help lists.
 */
class BenchmarkDocsSpec extends Specification {

  static final List<String> COMMANDS = (Files.readString(Path.of('docs/benchmark.md')) =~ /python3 (src\/bench\/\w+\.py)([^`\n#]*)/)
      .collect { (it[1] as String) + (it[2] as String) }.unique()

  static String help(String script) {
    def p = new ProcessBuilder('python3', script, '--help').redirectErrorStream(true).start()
    String out = p.inputStream.text
    assert p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0: out
    out
  }

  def "the page names its benchmark scripts"() {
    expect:
    COMMANDS.collect { it.split(' ')[0] }.toSet().containsAll(['src/bench/dnssec.py', 'src/bench/transfer.py',
        'src/bench/memory.py'])
  }

  def "every option a command gives #script is one its help lists"() {
    expect:
    Files.isRegularFile(Path.of(script))
    options.every { help(script).contains(it) }

    where:
    [script, options] << COMMANDS.groupBy { it.split(' ')[0] }.collect { s, lines ->
      [s, lines.collectMany { (it =~ /--[\w-]+/).collect() }.unique()]
    }
  }
}
