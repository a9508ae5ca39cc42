package org.loomdns.update

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.Requires
import spock.lang.Specification

/**
 * docs/dynamic-updates.md's "An example: ACME DNS-01 and DHCP-DDNS", run as written: the server command, then
 * each {@code $ nsupdate … <<'END'} and {@code $ dig} in order, with port 10053 swapped for a free
 * one, in a directory holding copies of zones/ and samples/; every line shown after a command is
 * what it printed.
 */
@Requires({ Dig.available() })
class UpdateExampleDocsSpec extends Specification {

  static final String LOOM = '$ java -jar target/loomdns.jar '

  Path dir = Scratch.dir('update-example-docs')
  LoomProcess server

  def cleanup() {
    server?.close()
    dir.toFile().deleteDir()
  }

  static List<String> section() {
    String readme = Files.readString(Path.of('docs/dynamic-updates.md'))
    String s = readme.substring(readme.indexOf('\n## An example: ACME DNS-01 and DHCP-DDNS\n'))
    s = s.substring(0, s.indexOf('\n## ', 5))
    (s =~ /(?s)```\n(.*?)```/).collect { it[1] as String }.collectMany { it.readLines() }
  }

  static String run(List<String> command, String input) {
    def p = new ProcessBuilder(command).redirectErrorStream(true).start()
    p.outputStream.withWriter { it << input }
    String out = p.inputStream.text
    assert p.waitFor(30, TimeUnit.SECONDS)
    out
  }

  def "the docs' ACME and DHCP-DDNS updates run as written, and print what it shows"() {
    given:
    ['zones/example.com.zone', 'zones/2.0.192.in-addr.arpa.zone', 'samples/update-policy.groovy'].each {
      Files.createDirectories(dir.resolve(it).parent)
      Files.copy(Path.of(it), dir.resolve(it))
    }
    String port = LoomProcess.freePort() as String
    List<String> lines = section()*.replace('10053', port)
    List<List> steps = []      // [command line, input, expected output lines]
    for (int i = 0; i < lines.size(); i++) {
      String line = lines[i]
      assert line.startsWith('$ '): "docs line '${line}' is neither a command nor the output of one"
      String input = ''
      if (line.endsWith("<<'END'")) {
        int end = (i + 1..<lines.size()).find { lines[it] == 'END' } as int
        input = lines.subList(i + 1, end).join('\n') + '\n'
        i = end
      }
      List<String> expected = []
      while (i + 1 < lines.size() && !lines[i + 1].startsWith('$ ')) {
        expected << lines[++i]
      }
      steps << [line, input, expected]
    }

    when: 'the server starts as the first command says, in the copy'
    String start = steps[0][0]
    assert start.startsWith(LOOM)
    server = LoomProcess.start(start.substring(LOOM.length()).split(' ') as List, dir.toFile())
    assert server.awaitOutput('serving with stages', 60)

    then: 'each later command prints what the page shows'
    steps.drop(1).every { step ->
      String command = step[0].substring(2).replace(" <<'END'", '')
      String out = run(command.split(' ') as List, step[1] as String)
      assert out.readLines().findAll { !it.isBlank() } == step[2]: "${command} printed:\n${out}"
      true
    }
    steps.size() == 9
    Files.exists(dir.resolve('zones/example.com.zone.jnl'))
    Files.exists(dir.resolve('zones/2.0.192.in-addr.arpa.zone.jnl'))
  }
}
