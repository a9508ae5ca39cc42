package org.loomdns.querylog

import com.fasterxml.jackson.core.JsonFactory
import com.fasterxml.jackson.core.JsonToken
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.loomdns.chain.Transport
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.stats.Drops
import spock.lang.IgnoreIf
import spock.lang.Specification

/** --query-log: one JSON line per query, rotated by size; a writer that is behind costs lines, never answers. */
class QueryLogSpec extends Specification {

  static Map<String, Object> parse(String line) {
    Map<String, Object> out = [:]
    def p = new JsonFactory().createParser(line)
    assert p.nextToken() == JsonToken.START_OBJECT
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName()
      t = p.nextToken()
      out[name] = t == JsonToken.VALUE_NUMBER_INT ? p.longValue : t == JsonToken.VALUE_NULL ? null : p.text
    }
    assert p.nextToken() == null: 'one object per line'
    out
  }

  @IgnoreIf({ !Dig.available() })
  def "each query dig sends is one JSON line with its client, transport, name, type, rcode, stage, time and size"() {
    given:
    def dir = Scratch.dir('qlog')
    Path log = dir.resolve('queries.json')
    int port = LoomProcess.freePort()
    def loom = LoomProcess.start(['--port', port, '-i', '127.0.0.1', '--bindzone', 'zones/example.com.zone',
                                  '--query-log', log.toString()])
    assert loom.awaitOutput('serving with stages')

    when:
    Dig.run(['@127.0.0.1', '-p', port as String, 'www.example.com', 'A'])
    Dig.run(['@127.0.0.1', '-p', port as String, 'www.example.com', 'A'])
    Dig.run(['@127.0.0.1', '-p', port as String, '+tcp', 'nothere.example.com', 'MX'])
    loom.signal('TERM')
    assert loom.awaitExit(30) == 0
    def lines = Files.readAllLines(log).collect { parse(it) }

    then:
    lines*.name == ['www.example.com.', 'www.example.com.', 'nothere.example.com.']
    lines*.type == ['A', 'A', 'MX']
    lines*.rcode == ['NOERROR', 'NOERROR', 'NXDOMAIN']
    lines*.transport == ['udp', 'udp', 'tcp']
    lines*.stage == ['authority', 'packet cache', 'authority']
    lines*.client == ['127.0.0.1'] * 3
    lines.every { it.port > 0 && it.us >= 0 && it.time ==~ /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/ }
    lines[0].size == lines[1].size
    lines[0].size > 12 && lines[2].size > 12
  }

  def "past its size the log is renamed FILE.1, the older ones moved along, no more than keep of them"() {
    given:
    Path log = Scratch.dir('rotate').resolve('q.log')
    def drops = new Drops()
    def qlog = QueryLog.open(log, 4096, 2, drops)
    def client = new InetSocketAddress('127.0.0.1', 5300)

    when: 'enough queries for several files of 4 KiB'
    200.times { qlog.answered(query("host${it}.example.com."), new byte[40], 0, client, Transport.UDP, 'authority', 1000) }
    qlog.close()
    def files = Files.list(log.parent).map { it.fileName.toString() }.sorted().toList()

    then:
    files == ['q.log', 'q.log.1', 'q.log.2']
    files.every { Files.size(log.resolveSibling(it)) < 4096 + 8192 }
    Files.readAllLines(log.resolveSibling('q.log.1')).every { parse(it).type == 'A' }
    parse(Files.readAllLines(log).last()).name == 'host199.example.com.'
    drops.get(Drops.Kind.QUERY_LOG_BEHIND) == 0
  }

  def "a writer that cannot write drops and counts the lines past its queue, and the query's thread never waits"() {
    given: 'a FIFO nobody reads: opening it for writing blocks the writer thread'
    Path fifo = Scratch.dir('fifo').resolve('q.fifo')
    assert new ProcessBuilder('mkfifo', fifo.toString()).start().waitFor(10, TimeUnit.SECONDS)
    def drops = new Drops()
    def qlog = QueryLog.open(fifo, 1 << 20, 1, 10, 1 << 20, drops)
    def client = new InetSocketAddress('127.0.0.1', 5300)

    when: '1000 queries offered, with a queue of 10, while the writer is stuck'
    def asking = Thread.startVirtualThread {
      1000.times { qlog.answered(query("h${it}.example.com."), null, -1, client, Transport.UDP, 'none', 0) }
    }
    asking.join(30_000)

    then: 'all but the one taken by the blocked writer and the ten queued are counted as dropped'
    drops.get(Drops.Kind.QUERY_LOG_BEHIND) >= 1000 - 11
    drops.get(Drops.Kind.QUERY_LOG_BEHIND) < 1000
    !asking.alive // every offer returned with the writer still blocked

    cleanup: 'a reader lets the writer open, write and close'
    def reader = Thread.startVirtualThread { fifo.toFile().withInputStream { it.bytes } }
    qlog?.close()
    reader?.join(10_000)
  }

  static byte[] query(String name) {
    new org.xbill.DNS.Message().with {
      addRecord(org.xbill.DNS.Record.newRecord(org.xbill.DNS.Name.fromString(name), org.xbill.DNS.Type.A, 1),
          org.xbill.DNS.Section.QUESTION)
      toWire()
    }
  }
}
