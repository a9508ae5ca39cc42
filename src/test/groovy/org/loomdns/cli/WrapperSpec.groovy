package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import spock.lang.Specification

/** ./mvnw fetches a pinned Maven 3.9 from Maven Central, checks its SHA-256 and runs it. */
class WrapperSpec extends Specification {

  def "the wrapper names Maven 3.9 on Maven Central with its SHA-256"() {
    given:
    def props = new Properties()
    Files.newBufferedReader(Path.of('.mvn/wrapper/maven-wrapper.properties')).withCloseable { props.load(it) }

    expect:
    props.distributionUrl ==~ /https:\/\/repo\.maven\.apache\.org\/maven2\/org\/apache\/maven\/apache-maven\/3\.9\.\d+\/apache-maven-3\.9\.\d+-bin\.zip/
    props.distributionSha256Sum ==~ /[0-9a-f]{64}/
    Files.isExecutable(Path.of('mvnw'))
  }

  def "./mvnw -B -o -v runs that Maven"() {
    when:
    def p = new ProcessBuilder('./mvnw', '-B', '-o', '-v').redirectErrorStream(true).start()
    String out = p.inputStream.text
    boolean done = p.waitFor(300, TimeUnit.SECONDS)

    then:
    done && p.exitValue() == 0
    out =~ /Apache Maven 3\.9\.\d+/
  }
}
