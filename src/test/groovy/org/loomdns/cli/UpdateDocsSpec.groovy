package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.client.UpdateStatus
import org.loomdns.client.UpdateZones
import org.loomdns.support.UpdateServer
import org.loomdns.support.UpdateServers
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * docs/dynamic-updates.md's "Sending updates" and docs/client.md's update line, run as written against
 * each kind of server, port 5353 replaced by the server's: the Java example (as Groovy), the
 * command-line example with its output, and docs/client.md's printf line.
 */
class UpdateDocsSpec extends Specification {

  static final String JAR = '$ java -jar target/loomdns.jar '

  static String section() {
    String doc = Files.readString(Path.of('docs/dynamic-updates.md'))
    doc.substring(doc.indexOf('## Sending updates'))
  }

  UpdateServer server

  def cleanup() {
    server?.close()
  }

  def "on #kind the page's Java example publishes the challenge"() {
    given:
    server = UpdateServers.start(kind, UpdateZones.ORIGIN, UpdateZones.ZONE, UpdateZones.KEY)
    String code = (section() =~ /(?s)```java\n(.*?)```/)[0][1]

    when:
    def shell = new GroovyShell()
    def r = shell.evaluate('import org.loomdns.client.*\nimport org.xbill.DNS.Type\n'
        + code.replace('5353', server.port as String) + '\nr')

    then:
    r.status() == UpdateStatus.NOERROR
    UpdateZones.recordsAt(server, '_acme-challenge.www.example.com.', Type.TXT) == ['token']

    where:
    kind << UpdateZones.kinds()
  }

  def "on #kind the page's command-line example prints what the page shows"() {
    given:
    server = UpdateServers.start(kind, UpdateZones.ORIGIN, UpdateZones.ZONE, UpdateZones.KEY)
    String block = (section() =~ /(?s)### From the command line.*?```\n(.*?)```/)[0][1]
    def commands = commandsOf(block)

    expect:
    commands.size() == 3
    commands.every { c ->
      def args = c.args.collect { it.replace('5353', server.port as String) }
      String stdin = c.stdin.replace('5353', server.port as String)
      def out = new ByteArrayOutputStream()
      def err = new ByteArrayOutputStream()
      def streams = [new ByteArrayInputStream(stdin.bytes), new PrintStream(out, true), new PrintStream(err, true)]
      int code = args[0] == 'update' ? UpdateCommand.run(args.tail(), *streams) : LookupCommand.run(args.tail(), *streams)
      assert [code, out.toString() + err.toString()] == [0, c.expected]
      true
    }
    UpdateZones.recordsAt(server, '_acme-challenge.www.example.com.', Type.TXT) == []

    where:
    kind << UpdateZones.kinds()
  }

  def "on #kind the client page's update line adds the record"() {
    given:
    server = UpdateServers.start(kind, UpdateZones.ORIGIN, UpdateZones.ZONE, UpdateZones.KEY)
    String line = Files.readString(Path.of('docs/client.md')).readLines().find { it.startsWith("\$ printf '") && it.contains('loomdns.jar update') }
    String stdin = (line =~ /printf '([^']*)'/)[0][1].replace('\\n', '\n').replace('5353', server.port as String)
    def args = line.substring(line.indexOf('loomdns.jar update') + 'loomdns.jar update'.length()).trim().split(' ') as List

    when:
    def out = new ByteArrayOutputStream()
    int code = UpdateCommand.run(args, new ByteArrayInputStream(stdin.bytes), new PrintStream(out, true), new PrintStream(out, true))

    then:
    code == 0
    out.toString() == ''
    UpdateZones.recordsAt(server, 'new.example.com.', Type.A) == ['192.0.2.7']

    where:
    kind << UpdateZones.kinds()
  }

  /** The block's commands: each a map of args (after the jar), stdin (a here-document) and expected output. */
  static List<Map> commandsOf(String block) {
    List<Map> commands = []
    List<String> lines = block.readLines()
    for (int i = 0; i < lines.size(); i++) {
      String l = lines[i]
      if (l.startsWith(JAR)) {
        List<String> args = l.substring(JAR.length()).split(' ') as List
        StringBuilder stdin = new StringBuilder()
        if (args.last() == "<<'EOF'") {
          args = args.init()
          while (lines[++i] != 'EOF') stdin << lines[i] << '\n'
        }
        commands << [args: args, stdin: stdin.toString(), expected: '']
      } else {
        commands.last().expected += l + '\n'
      }
    }
    commands
  }
}
