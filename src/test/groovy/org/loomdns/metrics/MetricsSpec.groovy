package org.loomdns.metrics

import com.fasterxml.jackson.core.JsonFactory
import com.fasterxml.jackson.core.JsonToken
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

/**
 * --metrics scraped over HTTP while real clients (dig) ask a loomdns that serves a zone, is a
 * secondary of another loomdns and forwards the rest to it through its cache: the counters move,
 * and every metric the shipped Grafana dashboard queries is in the scrape.
 */
@Stepwise
@IgnoreIf({ !Dig.available() })
class MetricsSpec extends Specification {

  @Shared LoomProcess upstream
  @Shared LoomProcess front
  @Shared int upPort
  @Shared int port
  @Shared int metricsPort
  @Shared HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()

  def setupSpec() {
    upPort = LoomProcess.freePort()
    upstream = LoomProcess.start(['--port', upPort, '-i', '127.0.0.1', '--bindzone', 'zones/home.lan.zone',
                                  '--bindzone', 'zones/2.0.192.in-addr.arpa.zone', '--allow-transfer', '127.0.0.1'])
    assert upstream.awaitOutput('serving with stages')
    port = LoomProcess.freePort()
    metricsPort = LoomProcess.freePort()
    def dir = org.loomdns.support.Scratch.dir('metrics')
    front = LoomProcess.start(['--port', port, '-i', '127.0.0.1', '--bindzone', new File('zones/example.com.zone').absolutePath,
                               '--secondary', "127.0.0.1:${upPort}/home.lan.", '--secondary-dir', dir.toString(),
                               '--forward', "127.0.0.1:${upPort}", '--cache', '--metrics', "127.0.0.1:${metricsPort}"])
    assert front.awaitOutput('serving with stages')
    assert front.awaitOutput('transferred zone home.lan.')
  }

  def cleanupSpec() {
    front?.close()
    upstream?.close()
  }

  HttpResponse<String> get(String path) {
    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:${metricsPort}${path}")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString())
  }

  /** Every sample of the scrape: series (name and labels, as written) to value. */
  Map<String, Double> scrape() {
    def r = get('/metrics')
    assert r.statusCode() == 200
    assert r.headers().firstValue('Content-Type').get().startsWith('text/plain; version=0.0.4')
    r.body().readLines().findAll { it && !it.startsWith('#') }.collectEntries {
      int space = it.lastIndexOf(' ')
      [(it.substring(0, space)): it.substring(space + 1) as double]
    }
  }

  /** The serial the server answers for {@code zone}'s SOA. */
  double serial(String zone) {
    Dig.run(['@127.0.0.1', '-p', port as String, zone, 'SOA', '+short']).trim().split(' ')[2] as double
  }

  static double sum(Map<String, Double> samples, String name, Map<String, String> labels = [:]) {
    samples.findAll { k, v ->
      (k == name || k.startsWith(name + '{')) && labels.every { l, value -> k.contains("${l}=\"${value}\"") }
    }.values().sum(0d) as double
  }

  def "health and ready answer 200 once the listeners are bound and the secondary has its zone"() {
    expect:
    get('/health').statusCode() == 200
    get('/ready').statusCode() == 200
    get('/ready').body() == 'ready\n'
    get('/nothing').statusCode() == 404
  }

  def "the counters move with the queries dig sends"() {
    given:
    def before = scrape()

    when: 'three A queries over UDP (two from the packet cache), one NXDOMAIN over TCP, two forwarded PTR'
    3.times { assert Dig.run(['@127.0.0.1', '-p', (port as String), 'www.example.com', 'A', '+short']).trim() == '192.0.2.80' }
    assert Dig.run(['@127.0.0.1', '-p', (port as String), '+tcp', 'nothere.example.com', 'A']).contains('NXDOMAIN')
    2.times { Dig.run(['@127.0.0.1', '-p', (port as String), '-x', '192.0.2.10']) }
    def after = scrape()
    def moved = { String name, Map labels = [:] -> sum(after, name, labels) - sum(before, name, labels) }

    then:
    moved('loomdns_queries_total', [transport: 'udp', qtype: 'A', rcode: 'NOERROR']) == 3
    moved('loomdns_queries_total', [transport: 'udp', qtype: 'A', stage: 'packet_cache']) == 2
    moved('loomdns_queries_total', [transport: 'tcp', qtype: 'A', rcode: 'NXDOMAIN', stage: 'authority']) == 1
    moved('loomdns_queries_total', [qtype: 'PTR']) == 2
    moved('loomdns_answer_latency_seconds_count') == 6
    moved('loomdns_cache_hits_total', [cache: 'packet']) >= 2
    moved('loomdns_cache_misses_total', [cache: 'stage']) >= 1
    sum(after, 'loomdns_cache_entries', [cache: 'stage']) >= 1
    sum(after, 'loomdns_cache_size_bytes', [cache: 'stage']) > 0
    moved('loomdns_forward_queries_total', [upstream: "127.0.0.1#${upPort}"]) >= 1
    sum(after, 'loomdns_forward_up', [upstream: "127.0.0.1#${upPort}"]) == 1
    sum(after, 'loomdns_forward_latency_seconds_count') >= 1
    sum(after, 'loomdns_zone_serial', [zone: 'example.com.']) == serial('example.com.')
    sum(after, 'loomdns_zone_serial', [zone: 'home.lan.']) == serial('home.lan.')
    sum(after, 'loomdns_zone_transfers_total', [zone: 'home.lan.', result: 'axfr']) == 1
    after.keySet().any { it.startsWith('loomdns_drops_total{kind="udp_over_cap"') }
    after.keySet().any { it.startsWith('loomdns_drops_total{kind="query_log_behind"') }
    sum(after, 'jvm_memory_used_bytes', [area: 'heap']) > 0
  }

  def "every metric the Grafana dashboard queries is in a real scrape"() {
    given:
    def exprs = exprsOf(new File('samples/grafana-dashboard.json'))
    def names = scrape().keySet().collect { it.takeWhile { c -> c != '{' } } as Set

    when:
    def queried = exprs.collectMany { e -> (e =~ /\b((?:loomdns|jvm|process)_[a-z_]+)/).collect { it[1] } } as Set

    then:
    queried.size() >= 15
    queried.findAll { !(it in names) } == [] as Set
  }

  /** Every "expr" of the dashboard, read by a JSON parser, which fails on JSON that is not valid. */
  static List<String> exprsOf(File file) {
    List<String> out = []
    def p = new JsonFactory().createParser(file)
    for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
      if (t == JsonToken.FIELD_NAME && p.currentName() == 'expr') {
        p.nextToken()
        out << p.text
      }
    }
    p.close()
    out
  }
}
