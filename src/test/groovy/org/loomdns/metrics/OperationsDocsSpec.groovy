package org.loomdns.metrics

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Dig
import org.loomdns.support.DocCommands
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.Requires
import spock.lang.Specification

/**
 * docs/operations.md's command blocks, run as written: the first command of each starts the server
 * (our classes standing in for the jar), every other one runs in bash and must print exactly the
 * lines shown under it. Ports 10053 and 9153 become free ones; what differs from run to run (times,
 * client ports, microseconds) is left out of the comparison.
 */
@Requires({ Dig.available() })
class OperationsDocsSpec extends Specification {

  Path dir = Scratch.dir('operations-docs')
  LoomProcess server

  def cleanup() {
    server?.close()
  }

  static String normal(String line) {
    line.replaceAll(/"time":"[^"]*"/, '"time":T').replaceAll(/"(port|us)":\d+/, '"$1":N')
        .replaceFirst(/^\d\d-\w{3}-\d{4} \d\d:\d\d:\d\d\.\d{3} /, '')
        .replaceAll(/127\.0\.0\.1:\d+/, '127.0.0.1:N')
  }

  def "the commands of '#heading' print what the page shows"() {
    given:
    Files.createSymbolicLink(dir.resolve('zones'), Path.of('zones').toAbsolutePath())
    String port = LoomProcess.freePort() as String
    String metricsPort = LoomProcess.freePort() as String
    List<List> steps = DocCommands.blocks(DocCommands.section('docs/operations.md', heading))
        .collectMany { DocCommands.steps(it.replace('10053', port).replace('9153', metricsPort)) }

    expect: 'the first command starts the server'
    (server = DocCommands.startServer(steps[0][0], dir)).awaitOutput('serving with stages', 60)

    and: 'every other command prints the lines shown under it'
    steps.drop(1).every { String command, List<String> expected ->
      List<String> got = DocCommands.run(DocCommands.shell(command), dir)
      if (command.startsWith('kill ')) {
        assert server.awaitExit(30) == 0
      }
      assert got.collect { normal(it) } == expected.collect { normal(it) }: "${command} printed:\n${got.join('\n')}"
      true
    }
    steps.size() == count

    where:
    heading                       | count
    '## Metrics'                  | 4
    '## Query log and dnstap'     | 6
    '## Memory'                   | 2
  }
}
