package org.loomdns.zone.dsl

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Dig
import org.loomdns.support.DocCommands
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.IgnoreIf
import spock.lang.Specification

/**
 * Every command block of docs/twisted.md and of README's "Coming from Twisted Names", run as written: `java -jar target/loomdns.jar … &`
 * starts loomdns (our classes standing in for the jar), every other `$` line runs in bash, and its
 * standard output must be the lines the page shows under it. Ports 10053 and 10054 become free
 * ones; the commands run in a scratch directory that sees the repository's zones/ and samples/.
 */
@IgnoreIf({ !Dig.available() })
class TwistedDocsSpec extends Specification {

  /** The command blocks of docs/twisted.md and of README's "Coming from Twisted Names". */
  static List<String> blocks() {
    DocCommands.blocks(Files.readString(Path.of('docs/twisted.md')) + DocCommands.section('README.md', '## Coming from Twisted Names'))
  }

  static List<List> steps(String block) {
    DocCommands.steps(block)
  }

  List<LoomProcess> servers = []

  def cleanup() {
    servers.each { it.close() }
  }

  def "docs/twisted.md's example #index runs as the page shows: #first"() {
    given:
    Path dir = Scratch.dir('twisted-docs')
    ['zones', 'samples'].each { Files.createSymbolicLink(dir.resolve(it), Path.of(it).toAbsolutePath()) }
    Map<String, String> ports = ['10053': LoomProcess.freePort() as String, '10054': LoomProcess.freePort() as String]
    def local = { String s -> ports.inject(s) { acc, k, v -> acc.replace(k, v) } }

    expect:
    steps(block).every { String command, List<String> expected ->
      if (command.startsWith(DocCommands.JAR) && command.endsWith(' &')) {
        def args = local(command.substring(DocCommands.JAR.length(), command.length() - 2)).split(' ') as List
        def server = LoomProcess.start(args, dir.toFile())
        servers << server
        assert server.awaitOutput('serving with stages'), server.output
        return true
      }
      String shell = DocCommands.shell(local(command))
      List<String> got = null
      // A secondary's first transfer, or a forwarder's first upstream, may still be on its way.
      for (int i = 0; i < 20 && got != expected; i++) {
        if (i > 0) Thread.sleep(500)
        got = DocCommands.run(shell, dir)
      }
      assert got == expected, command
      true
    }

    where:
    block << blocks()
    index = blocks().indexOf(block)
    first = steps(block)[0][0].take(70)
  }

  def "the page has a command block for each twistd dns option it maps"() {
    expect:
    String all = blocks().join('\n')
    ['--pyzone', '--bindzone', '--secondary', '--cache', '--forward', '--hosts-file', '--interface', '--port', '-v',
     'check', 'samples/twisted-lookups.groovy'].every { all.contains(it) }
  }
}
