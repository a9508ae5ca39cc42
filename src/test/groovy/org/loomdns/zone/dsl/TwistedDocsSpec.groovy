package org.loomdns.zone.dsl

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.loomdns.support.Dig
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

  static final String JAR = 'java -jar target/loomdns.jar '
  static final String CP = 'java -cp target/loomdns.jar '

  /** The command blocks of docs/twisted.md and of README's "Coming from Twisted Names". */
  static List<String> blocks() {
    String readme = Files.readString(Path.of('README.md'))
    String section = readme.substring(readme.indexOf('## Coming from Twisted Names'))
    section = section.substring(0, section.indexOf('\n## ', 5))
    String doc = Files.readString(Path.of('docs/twisted.md')) + section
    (doc =~ /(?s)```\n(.*?)```/).collect { it[1] as String }.findAll { it.startsWith('$ ') }
  }

  /** The block's commands, each with the output lines the page shows under it. */
  static List<List> steps(String block) {
    List<List> out = []
    block.readLines().each { line ->
      if (line.startsWith('$ ')) {
        out << [line.substring(2), []]
      } else {
        out.last()[1] << line
      }
    }
    out
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
    String java = System.getProperty('java.home') + '/bin/java'
    String classpath = System.getProperty('java.class.path')

    expect:
    steps(block).every { String command, List<String> expected ->
      if (command.startsWith(JAR) && command.endsWith(' &')) {
        def args = local(command.substring(JAR.length(), command.length() - 2)).split(' ') as List
        def server = LoomProcess.start(args, dir.toFile())
        servers << server
        assert server.awaitOutput('serving with stages'), server.output
        return true
      }
      String shell = local(command).replace(JAR, "${java} -cp '${classpath}' org.loomdns.cli.Main ")
          .replace(CP, "${java} -cp '${classpath}' ")
      List<String> got = null
      // A secondary's first transfer, or a forwarder's first upstream, may still be on its way.
      for (int i = 0; i < 20 && got != expected; i++) {
        if (i > 0) Thread.sleep(500)
        got = run(shell, dir)
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

  static List<String> run(String command, Path dir) {
    def p = new ProcessBuilder('bash', '-c', command).directory(dir.toFile()).start()
    def out = new ByteArrayOutputStream()
    def err = new ByteArrayOutputStream()
    p.consumeProcessOutput(out, err)
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly()
      throw new IllegalStateException("${command} did not finish")
    }
    p.waitForProcessOutput()
    out.toString().readLines()
  }
}
