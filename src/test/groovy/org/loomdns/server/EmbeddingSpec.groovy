package org.loomdns.server

import java.util.concurrent.TimeUnit
import org.loomdns.client.DnsClient
import org.loomdns.client.NxDomainException
import org.loomdns.client.RefusedException
import spock.lang.Specification

/**
 * samples/custom-server.groovy, the seeds' custom server built with the embedding API, runs as
 * docs/embedding.md says: on port 0, telling the port it took, answering from its own resolver
 * and a zone file, and stopping on SIGTERM.
 */
class EmbeddingSpec extends Specification {

  def "the custom server answers workstations itself, a zone from its file, and refuses the rest"() {
    given:
    String java = System.getProperty('java.home') + '/bin/java'
    def process = new ProcessBuilder([java, '-XX:TieredStopAtLevel=1', '-cp', System.getProperty('java.class.path'),
                                      'groovy.ui.GroovyMain', 'samples/custom-server.groovy', '0', 'zones/2.0.192.in-addr.arpa.zone'])
        .redirectErrorStream(true).start()
    def reader = new BufferedReader(new InputStreamReader(process.inputStream))
    String first = null
    def t = Thread.start {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith('listening on 127.0.0.1#')) {
          first = line
          break
        }
      }
    }
    t.join(60_000)

    expect: 'it says where it listens'
    first ==~ /listening on 127\.0\.0\.1#\d+/

    when:
    def client = DnsClient.forServer(first.substring('listening on '.length()))

    then:
    client.getHostByName('workstation7.example.com').hostAddress == '172.0.2.7'
    client.reverseLookup('192.0.2.80').answer()[0].rdataToString() == 'www.example.com.'

    when:
    client.lookupAddress('workstation300.example.com')

    then:
    thrown(NxDomainException)

    when:
    client.lookupAddress('www.other.test')

    then:
    thrown(RefusedException)

    when: 'SIGTERM, as Ctrl-C'
    process.destroy()

    then:
    process.waitFor(30, TimeUnit.SECONDS)

    cleanup:
    process?.destroyForcibly()
  }
}
