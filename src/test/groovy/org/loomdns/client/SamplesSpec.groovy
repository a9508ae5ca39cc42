package org.loomdns.client

import java.util.concurrent.TimeUnit
import org.loomdns.support.TestServer
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * Every script in samples/ runs as docs/client.md says (groovy.ui.GroovyMain with loomdns on the class
 * path; here the test class path stands in for target/loomdns.jar) against a loomdns on loopback.
 */
class SamplesSpec extends Specification {

  @Shared @AutoCleanup TestServer server = TestServer.withZones(ClientZones.ALL)

  /** Runs a sample in its own JVM; returns [exit code, stdout, stderr]. */
  static List sample(String script, List<String> args) {
    String java = System.getProperty('java.home') + '/bin/java'
    // C1 only: these JVMs live for a second, compiling one script; startup is all that counts.
    def p = new ProcessBuilder([java, '-XX:TieredStopAtLevel=1', '-cp', System.getProperty('java.class.path'), 'groovy.ui.GroovyMain',
                                "samples/${script}.groovy".toString()] + args).start()
    def out = new ByteArrayOutputStream()
    def err = new ByteArrayOutputStream()
    p.consumeProcessOutput(out, err)
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly()
      throw new IllegalStateException("sample ${script} did not finish")
    }
    p.waitForProcessOutput()
    [p.exitValue(), out.toString(), err.toString()]
  }

  def "every sample has a usage line and runs: #script #args"() {
    when:
    def (code, out, err) = sample(script, ["@127.0.0.1#${server.port}".toString()] + args)

    then:
    code == 0
    err == ''
    out.readLines() == expected

    where:
    script                 | args                                   || expected
    'gethostbyname'        | ['www.client.test']                    || ['192.0.2.80']
    'gethostbyname'        | ['www.client.test', 'ipv6']            || ['2001:db8:0:0:0:0:0:80']
    'mx'                   | ['client.test']                        || ['5 mx0.client.test.', '10 mail.client.test.']
    'mx'                   | ['www.client.test']                    || ['www.client.test has no MX records']
    'reverse_lookup'       | ['192.0.2.80']                         || ['80.2.0.192.in-addr.arpa. IN PTR www.client.test.']
    'multi_reverse_lookup' | ['192.0.2.80', '192.0.2.25', '2001:db8::80'] || ['192.0.2.80: www.client.test.', '192.0.2.25: mail.client.test.', '2001:db8::80: www.client.test.']
  }

  def "a sample reports a failed lookup in one line and exits 1: #script"() {
    when:
    def (code, out, err) = sample(script, ["@127.0.0.1#${server.port}".toString(), arg])

    then:
    code == 1
    (out + err).contains(says)
    !err.contains('\tat ')

    where:
    script                 | arg                     || says
    'gethostbyname'        | 'nothere.client.test'   || "NXDOMAIN from 127.0.0.1#"
    'mx'                   | 'nothere.client.test'   || "NXDOMAIN from 127.0.0.1#"
    'reverse_lookup'       | '192.0.2.99'            || 'NXDOMAIN from 127.0.0.1#'
    'multi_reverse_lookup' | '192.0.2.99'            || '192.0.2.99: NXDOMAIN from 127.0.0.1#'
  }

  def "a sample without arguments prints its usage and exits 2"() {
    when:
    def (code, out, err) = sample('multi_reverse_lookup', [])

    then:
    code == 2
    err.startsWith('usage: multi_reverse_lookup.groovy')
  }
}
