package org.loomdns.support

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The command blocks of a Markdown page, as the docs specs run them: a block is a fenced block
 * whose first line starts with {@code $ }; each {@code $ } line is a command and the lines under it
 * are what the page says it prints.
 */
class DocCommands {

  static final String JAR = 'java -jar target/loomdns.jar '
  static final String CP = 'java -cp target/loomdns.jar '

  /** The section of {@code page} that starts at {@code heading} and ends at the next heading of its level. */
  static String section(String page, String heading) {
    String text = Files.readString(Path.of(page))
    int start = text.indexOf(heading)
    assert start >= 0: "${page} has no '${heading}'"
    String level = heading.takeWhile { it == '#' } + ' '
    int end = text.indexOf('\n' + level, start + heading.length())
    end < 0 ? text.substring(start) : text.substring(start, end)
  }

  static List<String> blocks(String markdown) {
    (markdown =~ /(?s)```\n(.*?)```/).collect { it[1] as String }.findAll { it.startsWith('$ ') }
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

  /** Starts a page's {@code java -jar target/loomdns.jar … &} line in {@code dir}, our classes standing in for the jar. */
  static LoomProcess startServer(String line, Path dir) {
    def m = line =~ /^java((?: -X\S+)*) -jar target\/loomdns\.jar (.*) &$/
    assert m.matches(): "not a server started in the background: ${line}"
    List<String> jvm = (m.group(1) as String).split(' ').findAll()
    LoomProcess.start((m.group(2) as String).split(' ') as List, dir.toFile(), jvm)
  }

  /** The command for bash, with our classes standing in for the jar. */
  static String shell(String command) {
    String java = System.getProperty('java.home') + '/bin/java'
    String classpath = System.getProperty('java.class.path')
    command.replace(JAR, "${java} -cp '${classpath}' org.loomdns.cli.Main ")
        .replace(CP, "${java} -cp '${classpath}' ")
  }

  /** Runs a bash command line (bounded) in {@code dir}; returns its standard output's lines. */
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
