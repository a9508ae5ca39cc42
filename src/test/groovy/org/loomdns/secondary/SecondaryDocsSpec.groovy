package org.loomdns.secondary

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.loomdns.support.Dig
import org.loomdns.support.Knot
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.xbill.DNS.Name
import org.xbill.DNS.Type
import spock.lang.Requires
import spock.lang.Specification

/**
 * The example of "Secondary zones" in docs/zone-distribution.md, run as written: its knot.conf,
 * then each {@code $} command in order (ports 5300 and 5301 swapped for free ones), each output
 * line shown checked against what the command printed, and each {@code INFO:} line against
 * loomdns's log.
 */
@Requires({ Dig.available() })
class SecondaryDocsSpec extends Specification {

  static final String LOOM = 'java -jar target/loomdns.jar '

  List<Process> processes = []
  List<AutoCloseable> closing = []
  Path dir = Scratch.dir('secondary-docs')

  def cleanup() {
    closing.reverse().each { it.close() }
    processes.each { p ->
      p.destroy()
      if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly()
    }
    dir.toFile().deleteDir()
  }

  static String section() {
    String doc = Files.readString(Path.of('docs/zone-distribution.md'))
    String s = doc.substring(doc.indexOf('\n## Secondary zones\n'))
    int next = s.indexOf('\n## ', 5)
    next < 0 ? s : s.substring(0, next)
  }

  static List<String> blocks(String text) {
    (text =~ /(?s)```\n(.*?)```/).collect { it[1] as String }
  }

  def "the secondary example of Knot in the docs runs as written"() {
    given:
    String text = section()
    String conf = blocks(text.substring(text.indexOf('<!-- secondary-example: knot.conf -->')))[0]
    List<String> script = blocks(text.substring(text.indexOf('<!-- secondary-example: commands -->')))
        .collectMany { it.readLines() }
    int loomPort = LoomProcess.freePort()
    int knotPort = LoomProcess.freePort()
    def ports = { String s -> s.replace('5300', loomPort as String).replace('5301', knotPort as String) }
    Files.writeString(dir.resolve('knot.conf'), ports(conf))
    Files.copy(Path.of('zones/example.com.zone'), dir.resolve('example.com.zone'))
    LoomProcess loom = null
    String lastOutput = ''
    int ran = 0

    when:
    for (String line : script) {
      if (line.startsWith('$ ')) {
        String cmd = ports(line.substring(2))
        ran++
        if (cmd.startsWith(LOOM + 'check ')) {
          lastOutput = LoomProcess.run(cmd.substring(LOOM.length()).split(' ') as List, dir.toFile())[1]
        } else if (cmd.startsWith(LOOM)) {
          loom = LoomProcess.start(cmd.substring(LOOM.length()).split(' ') as List, dir.toFile())
          closing << loom
          lastOutput = ''
        } else if (cmd.endsWith(' &')) {
          Knot.knotd()
          def p = new ProcessBuilder('sh', '-c', 'exec ' + cmd[0..-3]).directory(dir.toFile())
              .redirectErrorStream(true).redirectOutput(dir.resolve('background.log').toFile()).start()
          processes << p
          awaitSoa(knotPort)
          lastOutput = ''
        } else {
          def p = new ProcessBuilder('sh', '-c', cmd).directory(dir.toFile()).redirectErrorStream(true).start()
          lastOutput = p.inputStream.text
          assert p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0: "${cmd}: ${lastOutput}"
        }
      } else if (line.startsWith('INFO: ')) {
        String expected = ports(line.substring(6)).replaceFirst(/: \d+ records.*$/, '')
        assert loom.awaitOutput(expected): "${expected} not in:\n${loom.output}"
      } else if (!line.isBlank()) {
        assert lastOutput.readLines()*.trim().contains(ports(line.trim())): "${line} not in:\n${lastOutput}"
      }
    }

    then:
    ran == 7
  }

  private static void awaitSoa(int port) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
    while (System.nanoTime() < end) {
      try {
        if (Knot.send(port, Name.fromString('example.com.'), Type.SOA, java.time.Duration.ofMillis(300)).rcode == 0) return
      } catch (IOException ignored) {
      }
      Thread.sleep(100)
    }
    throw new IllegalStateException('knotd did not answer')
  }
}
