package org.loomdns.client

import java.util.concurrent.TimeUnit
import org.loomdns.support.TestServer
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * -Dloomdns.resolver routes a whole JVM's InetAddress lookups through loomdns's client (the JDK's
 * resolver SPI), as Twisted's installResolver routes a reactor's; without it the JDK's own stays.
 */
class ResolverProviderSpec extends Specification {

  @Shared @AutoCleanup TestServer server = TestServer.withZones(ClientZones.ALL)

  static final String SCRIPT = '''
    def show = { Closure c -> try { c() } catch (UnknownHostException e) { 'unknown' } }
    println show { InetAddress.getByName('www.client.test').hostAddress }
    println show { InetAddress.getAllByName('www.client.test')*.hostAddress.join(',') }
    println show { InetAddress.getByName('alias.client.test').hostAddress }
    println show { InetAddress.getByName('v6only.client.test').hostAddress }
    println show { InetAddress.getByName('nothere.client.test').hostAddress }
    println show { InetAddress.getByAddress([192, 0, 2, 25] as byte[]).canonicalHostName }
    println show { InetAddress.getByName('localhost').isLoopbackAddress() }
  '''

  /** Runs SCRIPT in a JVM of its own with these -D options; its lines of output. */
  static List<String> run(List<String> properties) {
    String java = System.getProperty('java.home') + '/bin/java'
    def p = new ProcessBuilder([java, '-XX:TieredStopAtLevel=1'] + properties
        + ['-cp', System.getProperty('java.class.path'), 'groovy.ui.GroovyMain', '-e', SCRIPT])
        .redirectErrorStream(true).start()
    def out = new ByteArrayOutputStream()
    p.consumeProcessOutputStream(out)
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly()
      throw new IllegalStateException('the script did not finish')
    }
    p.waitForProcessOutput()
    out.toString().readLines()
  }

  def "with -Dloomdns.resolver every InetAddress lookup of the JVM asks loomdns, after the hosts file"() {
    when:
    def lines = run(["-Dloomdns.resolver=127.0.0.1#${server.port}".toString()])

    then:
    lines == ['192.0.2.80', '192.0.2.80,2001:db8:0:0:0:0:0:80', '192.0.2.80', '2001:db8:0:0:0:0:0:6', 'unknown',
              'mail.client.test', 'true']
  }

  def "without it the JDK's own resolver answers, which does not know our test zones"() {
    when:
    def lines = run([])

    then:
    lines[0] == 'unknown'
    lines[6] == 'true'
  }
}
