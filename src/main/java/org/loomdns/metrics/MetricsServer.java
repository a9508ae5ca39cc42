package org.loomdns.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import org.loomdns.server.QueryObserver;
import org.tinylog.Logger;

/**
 * {@code --metrics ADDR:PORT}: {@code GET /metrics} (Prometheus text format 0.0.4),
 * {@code /health} (200 while the process serves HTTP at all) and {@code /ready} (200 once the
 * zones are loaded and the listeners bound, else 503 and why), on the JDK's HTTP server. Each
 * exchange runs on a virtual thread; at most {@link #MAX_EXCHANGES} run at once, the next waits in
 * the listen backlog, and a request must arrive whole within {@link #REQUEST_SECONDS}, so a slow or
 * flooding scraper holds a bounded amount of the server, and none of the DNS path.
 */
public final class MetricsServer implements AutoCloseable {

  static final int MAX_EXCHANGES = 8;
  static final int REQUEST_SECONDS = 10;
  private static final int BACKLOG = 16;
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  static {
    // Read once, when the JDK's HTTP server is first used: bound how long one request may take
    // to arrive and be answered, and how many connections may be open.
    System.setProperty("sun.net.httpserver.maxReqTime",
        System.getProperty("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_SECONDS)));
    System.setProperty("sun.net.httpserver.maxRspTime",
        System.getProperty("sun.net.httpserver.maxRspTime", String.valueOf(3 * REQUEST_SECONDS)));
    System.setProperty("jdk.httpserver.maxConnections",
        System.getProperty("jdk.httpserver.maxConnections", String.valueOf(4 * BACKLOG)));
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final QueryMetrics queries = new QueryMetrics(registry);
  private final Semaphore exchanges = new Semaphore(MAX_EXCHANGES);
  private ServerMeters meters;
  private Sources sources;
  private HttpServer http;

  /**
   * Metrics whose per-query part ({@link #queries()}) can be handed to the server before it is
   * built; {@link #start} then reads the rest from what the server and the stages count.
   */
  public MetricsServer() {}

  /** Listens on {@code at}, reading {@code sources}; a port in use or not ours is an IOException saying so. */
  public synchronized void start(InetSocketAddress at, Sources sources) throws IOException {
    try {
      http = HttpServer.create(at, BACKLOG);
    } catch (BindException e) {
      throw new IOException("--metrics cannot listen on " + at.getHostString() + ":" + at.getPort() + ": "
          + e.getMessage(), e);
    }
    this.sources = sources;
    this.meters = new ServerMeters(registry, sources);
    http.setExecutor(task -> {
      exchanges.acquireUninterruptibly();
      Thread.ofVirtual().name("loomdns-metrics").start(() -> {
        try {
          task.run();
        } finally {
          exchanges.release();
        }
      });
    });
    http.createContext("/", this::handle);
    http.start();
    Logger.info("metrics on http://{}:{}/metrics", at.getHostString(), port());
  }

  /** What the query path tells, for the per-query counters and the latency histogram. */
  public QueryObserver queries() {
    return queries;
  }

  /** The port it listens on (the chosen one when asked for 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  /** The whole scrape, as /metrics returns it. */
  public synchronized String scrape() {
    meters.refresh();
    return registry.scrape();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        reply(exchange, 405, "text/plain", "only GET\n");
      } else if (path.equals("/metrics")) {
        reply(exchange, 200, TEXT_FORMAT, scrape());
      } else if (path.equals("/health")) {
        reply(exchange, 200, "text/plain", "ok\n");
      } else if (path.equals("/ready")) {
        String why = sources.notReady().get();
        reply(exchange, why == null ? 200 : 503, "text/plain", why == null ? "ready\n" : why + "\n");
      } else {
        reply(exchange, 404, "text/plain", "/metrics, /health or /ready\n");
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (http != null) {
      http.stop(0);
      meters.close();
    }
    registry.close();
  }
}
