package org.loomdns.metrics

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit
import org.loomdns.support.Knot
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.xbill.DNS.Name
import org.xbill.DNS.Type
import spock.lang.Requires
import spock.lang.Specification

/**
 * A real Prometheus (Debian's) scrapes --metrics every second while a bounded load of queries
 * runs, and answers PromQL over what it stored; promtool lints the scrape.
 */
@Requires({ Files.isExecutable(Path.of('/usr/bin/prometheus')) && Files.isExecutable(Path.of('/usr/bin/promtool')) })
class PrometheusSpec extends Specification {

  static final int QUERIES = 2000

  Path dir = Scratch.dir('prometheus')
  HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
  LoomProcess loom
  Process prometheus

  def cleanup() {
    prometheus?.destroy()
    prometheus?.waitFor(10, TimeUnit.SECONDS)
    loom?.close()
  }

  String get(int port, String path) {
    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:${port}${path}")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body()
  }

  /** The single value PromQL {@code expr} gives now, or null while Prometheus has none. */
  Double promql(int port, String expr) {
    // An instant vector's first sample is written "value":[TIME,"VALUE"] (the API's JSON).
    def m = get(port, '/api/v1/query?query=' + URLEncoder.encode(expr, 'UTF-8')) =~ /"value":\[[\d.]+,"([^"]+)"\]/
    m.find() ? (m.group(1) as double) : null
  }

  /** Polls (bounded) until {@code expr} gives a value {@code ok} accepts; returns the last value. */
  Double await(int port, String expr, Closure<Boolean> ok) {
    Double v = null
    for (int i = 0; i < 60 && !(v != null && ok(v)); i++) {
      Thread.sleep(500)
      v = promql(port, expr)
    }
    v
  }

  def "Prometheus scrapes the metrics while queries run, and stores what they counted"() {
    given: 'loomdns serving the example zone with --metrics'
    int port = LoomProcess.freePort()
    int metricsPort = LoomProcess.freePort()
    loom = LoomProcess.start(['--bindzone', new File('zones/example.com.zone').absolutePath, '-i', '127.0.0.1',
                              '-p', port, '--metrics', "127.0.0.1:${metricsPort}"])
    assert loom.awaitOutput('serving with stages')

    and: 'Prometheus scraping it every second'
    int promPort = LoomProcess.freePort()
    Files.writeString(dir.resolve('prometheus.yml'), """\
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: loomdns
            static_configs:
              - targets: ['127.0.0.1:${metricsPort}']
        """.stripIndent())
    prometheus = new ProcessBuilder('/usr/bin/prometheus', "--config.file=${dir.resolve('prometheus.yml')}",
        "--storage.tsdb.path=${dir.resolve('data')}", "--web.listen-address=127.0.0.1:${promPort}")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve('prometheus.log').toFile()).start()

    when: 'a bounded load of queries, answers and NXDOMAINs, while Prometheus scrapes'
    assert await(promPort, 'up{job="loomdns"}') { it == 1d } == 1d
    int answered = 0
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
    for (int i = 0; i < QUERIES && System.nanoTime() < until; i++) {
      Knot.send(port, Name.fromString(i % 10 == 0 ? "nothere${i}.example.com." : 'www.example.com.'), Type.A)
      answered++
    }

    then: 'Prometheus stored every query, by rcode'
    answered == QUERIES
    await(promPort, 'sum(loomdns_queries_total)') { it >= QUERIES } >= QUERIES
    await(promPort, 'sum(loomdns_queries_total{rcode="NXDOMAIN"})') { it >= QUERIES / 10 } >= QUERIES / 10

    and: 'the latency histogram gives a quantile'
    Double p99 = await(promPort, 'histogram_quantile(0.99, sum by (le) (loomdns_answer_latency_seconds_bucket))') { !it.isNaN() }
    p99 != null && p99 > 0

    and: 'the zone serial is there as the zone has it'
    await(promPort, 'max(loomdns_zone_serial)') { it > 0 } == 2026112301d
  }

  def "promtool finds nothing to say about loomdns's own metrics"() {
    given:
    int port = LoomProcess.freePort()
    int metricsPort = LoomProcess.freePort()
    loom = LoomProcess.start(['--bindzone', new File('zones/example.com.zone').absolutePath, '-i', '127.0.0.1',
                              '-p', port, '--metrics', "127.0.0.1:${metricsPort}"])
    assert loom.awaitOutput('serving with stages')
    Knot.send(port, Name.fromString('www.example.com.'), Type.A)

    when:
    def p = new ProcessBuilder('/usr/bin/promtool', 'check', 'metrics').redirectErrorStream(true).start()
    p.outputStream.withStream { it << get(metricsPort, '/metrics') }
    String lint = p.inputStream.text
    assert p.waitFor(30, TimeUnit.SECONDS)

    then: 'whatever it says (the JVM binders have names of their own) is not about a loomdns_ metric'
    !lint.readLines().any { it.startsWith('loomdns_') }
    !lint.contains('error while linting')
  }
}
