package org.loomdns.cli

import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.SimpleResolver
import org.xbill.DNS.Type
import java.time.Duration
import spock.lang.Specification

/**
 * A server that runs out of heap says so in one line and exits non-zero, so a supervisor restarts
 * it, instead of living on without answering.
 */
class OutOfMemorySpec extends Specification {

  LoomProcess server

  def cleanup() {
    server?.close()
  }

  def "a server that runs out of heap logs one line and exits with code 1"() {
    given: 'a rule that keeps 4 MB more of the heap on every query, and a 64 MB heap'
    def dir = Scratch.dir('oom').toFile()
    def rules = new File(dir, 'hog.groovy')
    rules.text = '''def kept = java.util.Collections.synchronizedList([])
rule(name: 'hog.test') { q, m -> kept << new byte[4 << 20]; nodata() }
'''
    def zone = new File(dir, 'example.com.zone')
    zone.text = new File('zones/example.com.zone').text
    int port = LoomProcess.freePort()
    server = LoomProcess.start(['--bindzone', zone.path, '--script', rules.path, '-i', '127.0.0.1',
        '-p', port as String], new File('.'), ['-Xmx64m'])
    assert server.awaitOutput('serving with stages', 120)
    def resolver = new SimpleResolver('127.0.0.1')
    resolver.port = port
    resolver.timeout = Duration.ofMillis(500)

    expect: 'the zone is served before'
    resolver.send(Message.newQuery(Record.newRecord(Name.fromString('www.example.com.'), Type.A, 1)))
        .getSection(1).size() == 1

    when: 'the rule is asked until the heap is gone (at most 100 times)'
    for (int i = 0; i < 100 && server.process.alive; i++) {
      try {
        resolver.send(Message.newQuery(Record.newRecord(Name.fromString('hog.test.'), Type.A, 1)))
      } catch (IOException ignored) {
        // the server is dying
      }
    }
    Integer code = server.awaitExit(30)

    then:
    code == 1
    server.output.readLines().count { it.contains('out of memory') } == 1
    server.output.contains('ERROR: out of memory in ')
  }
}
