package org.loomdns

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Dig
import org.loomdns.support.DocCommands
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.Requires
import spock.lang.Specification

/**
 * README's "A five-minute tour", run as written: `java -jar target/loomdns.jar … &` starts the
 * server (our classes standing in for the jar) and its log must show the lines the tour shows;
 * every other `$` line runs in bash and must print the lines shown under it, in that order. What
 * differs from run to run is left out of the comparison: message IDs, log timestamps and the
 * socket's receive buffer. Port 10053 becomes a free one.
 */
@Requires({ Dig.available() })
class ReadmeTourSpec extends Specification {

  Path dir = Scratch.dir('readme-tour')
  LoomProcess server

  def cleanup() {
    server?.close()
    dir.toFile().deleteDir()
  }

  static String normal(String line) {
    line.replaceFirst(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ /, '')
        .replaceAll(/id: \d+/, 'id: N')
        .replaceAll(/\(receive buffer [^)]*\)/, '(receive buffer)')
  }

  /** Whether {@code expected} appears in {@code got} in order, other lines between them allowed. */
  static boolean inOrder(List<String> expected, List<String> got) {
    Iterator<String> lines = got.collect { normal(it) }.iterator()
    expected.findAll { !it.isBlank() }.every { String want -> lines.find { it == normal(want) } != null }
  }

  def "the tour's commands print what README shows"() {
    given:
    ['zones', 'samples'].each { Files.createSymbolicLink(dir.resolve(it), Path.of(it).toAbsolutePath()) }
    String port = LoomProcess.freePort() as String
    List<List> steps = DocCommands.blocks(DocCommands.section('README.md', '## A five-minute tour'))
        .collectMany { DocCommands.steps(it.replace('10053', port)) }

    expect: 'the first command starts the server, and it logs what the tour shows'
    (server = DocCommands.startServer(steps[0][0], dir)).awaitOutput('serving with stages', 60)
    inOrder(steps[0][1] as List<String>, server.output.readLines())

    and: 'every other command prints the lines shown under it'
    steps.drop(1).every { String command, List<String> expected ->
      List<String> got = DocCommands.run(DocCommands.shell(command), dir)
      assert inOrder(expected, got): "${command} printed:\n${got.join('\n')}"
      true
    }
    steps.size() == 9
  }

  def "the comparison fails when a line is missing or out of order"() {
    expect:
    inOrder(['a', 'id: 7 b'], ['x', 'a', 'y', 'id: 9 b'])
    !inOrder(['a', 'c'], ['a', 'b'])
    !inOrder(['b', 'a'], ['a', 'b'])
  }
}
