package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.regex.Pattern
import org.loomdns.support.Scratch
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

/**
 * docs/testing.md run as a user follows it, in order, in a directory of their own with copies of
 * zones/ and samples/: every command of the page, its output compared with the page's (blanks
 * collapsed, a message id taken as any, "..." standing for any lines), the spec of the page written
 * where the page says, and its Maven part: this checkout installed, then the page's pom running the
 * same spec. The loomdns commands run on our classes (the jar is built after the tests); Maven runs
 * offline for the user's project, whose plugins our own build has fetched.
 */
@Stepwise
class TestingDocsSpec extends Specification {

  static final String JAR = 'java -jar target/loomdns.jar '
  static final String PAGE = Files.readString(Path.of('docs/testing.md'))

  @Shared Path home = Scratch.dir('testing-docs')

  def setupSpec() {
    ['zones', 'samples'].each { dir -> copyTree(Path.of(dir), home.resolve(dir)) }
  }

  def "the page's shell commands before Maven give the output it shows, the spec written as it says"() {
    given:
    def steps = shellSteps(PAGE.substring(0, PAGE.indexOf('## The same spec in a Maven build')))

    expect:
    steps.size() >= 7
    steps.every { step ->
      if (step.command.startsWith('mkdir -p tests')) {
        run(step.command)
        Files.writeString(home.resolve('tests/MyZoneSpec.groovy'), block('groovy'))
        return true
      }
      def (int code, String out) = run(step.command)
      assert [step.command, matches(step.expected, out)] == [step.command, true]
      assert [step.command, code] == [step.command, exitShown(step.expected)]
      true
    }
  }

  def "the same spec runs unchanged in the page's Maven build, with this checkout installed"() {
    given:
    def steps = shellSteps(PAGE.substring(PAGE.indexOf('## The same spec in a Maven build')))
    def checkout = home.resolve('loomdns')
    copyTree(Path.of('src/main'), checkout.resolve('src/main'))
    Files.copy(Path.of('pom.xml'), checkout.resolve('pom.xml'))
    def project = home.resolve('my-zones')
    Files.createDirectories(project.resolve('src/test/groovy'))
    Files.writeString(project.resolve('pom.xml'), block('xml'))
    Files.copy(home.resolve('tests/MyZoneSpec.groovy'), project.resolve('src/test/groovy/MyZoneSpec.groovy'))
    Files.copy(home.resolve('my.zone'), project.resolve('my.zone'))

    expect:
    steps*.command == ['mvn -B install -DskipTests', 'mvn -B test']

    when:
    def (int installed, String installLog) = maven(checkout, steps[0].command)
    def (int tested, String testLog) = maven(project, steps[1].command + ' -o')

    then:
    [installed, installLog.readLines().findAll { it.contains('ERROR') }] == [0, []]
    tested == 0
    testLog.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0')
  }

  /** The commands of the page's plain code blocks, each with the lines shown after it. */
  static List<Map> shellSteps(String text) {
    List<Map> steps = []
    String fence = null
    text.readLines().each { String l ->
      if (l.startsWith('```')) {
        fence = fence == null ? l : null
      } else if (fence == '```' && l.startsWith('$ ')) {
        steps << [command: l.substring(2), expected: []]
      } else if (fence == '```') {
        steps.last().expected << l
      }
    }
    steps
  }

  static String block(String language) {
    (PAGE =~ /(?s)```${language}\n(.*?)```/)[0][1]
  }

  /** The page's lines against the output: blanks collapsed, blank lines dropped, "..." any lines, a message id any number. */
  static boolean matches(List<String> expected, String out) {
    def norm = { String s -> s.replaceAll(/[ \t]+/, ' ').trim() }
    String pattern = expected.collect(norm).findAll { it }.collect { String l ->
      l == '...' ? '(?:[^\\n]*\\n)*?' : l.split(/id: \d+/, -1).collect { Pattern.quote(it) }.join('id: \\d+') + '\\n'
    }.join('')
    String actual = out.readLines().collect(norm).findAll { it }.collect { it + '\n' }.join('')
    Pattern.compile(pattern).matcher(actual).matches()
  }

  /** What the page implies the exit code is: 1 when its output shows a failure or a change. */
  static int exitShown(List<String> expected) {
    expected.any { it ==~ /\d+ passed, [1-9]\d* failed.*/ || it ==~ /[1-9]\d* of \d+ answers? changed/ } ? 1 : 0
  }

  /** One command in the user's directory; loomdns's commands on our classes. */
  List run(String command) {
    String java = System.getProperty('java.home') + '/bin/java'
    String c = command.startsWith(JAR)
        ? "'${java}' -cp '${System.getProperty('java.class.path')}' org.loomdns.cli.Main ${command.substring(JAR.length())}"
        : command
    def p = new ProcessBuilder('bash', '-c', c).directory(home.toFile()).redirectErrorStream(true).start()
    String out = p.inputStream.text
    assert p.waitFor(120, TimeUnit.SECONDS)
    [p.exitValue(), out]
  }

  static List maven(Path dir, String command) {
    def pb = new ProcessBuilder(['bash', '-c', command]).directory(dir.toFile()).redirectErrorStream(true)
    pb.environment().put('JAVA_HOME', System.getProperty('java.home'))
    pb.environment().put('PATH', System.getProperty('java.home') + '/bin:' + System.getenv('PATH'))
    def log = Scratch.file('mvn', '.log').toFile()
    pb.redirectOutput(log)
    def p = pb.start()
    if (!p.waitFor(600, TimeUnit.SECONDS)) {
      p.destroyForcibly()
      throw new IllegalStateException("${command} in ${dir} did not finish in 10 minutes")
    }
    [p.exitValue(), log.text]
  }

  /** The tree without journals. */
  static void copyTree(Path from, Path to) {
    Files.walk(from).withCloseable { paths ->
      paths.each { p ->
        def target = to.resolve(from.relativize(p).toString())
        if (Files.isDirectory(p)) {
          Files.createDirectories(target)
        } else if (!p.toString().endsWith('.jnl')) {
          // a journal another spec's updates left beside a zone is not the zone the page shows
          Files.copy(p, target)
        }
      }
    }
  }
}
