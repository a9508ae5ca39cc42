package org.loomdns.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.loomdns.authority.ServedZones;
import org.loomdns.metrics.MetricsServer;
import org.loomdns.metrics.Sources;
import org.loomdns.net.Addresses;
import org.loomdns.querylog.Dnstap;
import org.loomdns.querylog.QueryLog;
import org.loomdns.secondary.Secondaries;
import org.loomdns.server.DnsServer;
import org.loomdns.server.QueryObserver;
import org.loomdns.stats.Drops;
import org.loomdns.units.ByteSize;
import org.loomdns.units.OutputFile;
import org.tinylog.Logger;

/**
 * What an operator runs beside the server: the metrics endpoint, the query log, dnstap and the
 * pidfile, built from {@code --metrics}, {@code --query-log}, {@code --dnstap} and {@code --pidfile}.
 */
final class Operations implements AutoCloseable {

  private final InetSocketAddress metricsAt;
  private final MetricsServer metrics;
  private final QueryLog queryLog;
  private final Dnstap dnstap;
  private final Path pidfile;
  private boolean pidWritten;

  private Operations(InetSocketAddress metricsAt, QueryLog queryLog, Dnstap dnstap, Path pidfile) {
    this.metricsAt = metricsAt;
    this.metrics = metricsAt == null ? null : new MetricsServer();
    this.queryLog = queryLog;
    this.dnstap = dnstap;
    this.pidfile = pidfile;
  }

  /** Checks the options and opens the query log and dnstap; a wrong value is an IllegalArgumentException. */
  static Operations from(ServeOptions o, Drops drops, String version) {
    InetSocketAddress metricsAt = o.metrics == null ? null : hostPort(o.metrics, "--metrics");
    if (o.pidfile != null) {
      OutputFile.check(o.pidfile, "--pidfile");
    }
    QueryLog log = null;
    if (o.queryLog != null) {
      long size = ByteSize.parse(o.queryLogSize);
      if (size < 0) {
        throw new IllegalArgumentException("--query-log-size takes bytes with an optional k, m or g, not " + o.queryLogSize);
      }
      log = QueryLog.open(o.queryLog, size, o.queryLogKeep, drops);
    }
    try {
      Dnstap tap = o.dnstap == null ? null : Dnstap.open(o.dnstap, version, drops);
      return new Operations(metricsAt, log, tap, o.pidfile);
    } catch (RuntimeException e) {
      if (log != null) {
        log.close();
      }
      throw e;
    }
  }

  /** Checks {@code --log-file} and {@code --syslog-server} before the log is set up to use them. */
  static void checkLogging(ServeOptions o) {
    if (o.logFile != null) {
      OutputFile.check(o.logFile, "--log-file");
    }
    if (o.syslog) {
      hostPort(o.syslogServer, "--syslog-server");
    }
  }

  /** Everything that watches the query path; null when nothing does. */
  QueryObserver observer() {
    List<QueryObserver> all = new ArrayList<>();
    if (metrics != null) {
      all.add(metrics.queries());
    }
    if (queryLog != null) {
      all.add(queryLog);
    }
    if (dnstap != null) {
      all.add(dnstap);
    }
    return QueryObserver.of(all);
  }

  /**
   * What the metrics read: the server's and the stages' counts, the first view's zones and
   * transfers; ready once {@code listening} is set and every view's secondary zones have a version
   * to serve.
   */
  static Sources sources(Drops drops, DnsServer server, Recursion recursion, List<ZoneView> views,
      AtomicBoolean listening) {
    Secondaries secondaries = views.getFirst().secondaries();
    ServedZones served = views.getFirst().served();
    return new Sources(drops,
        server.packetCache() == null ? null : server::packetCache,
        recursion.cache() == null ? null : recursion.cache()::reading,
        recursion.forwarder() == null ? null : recursion.forwarder()::peers,
        secondaries.isEmpty() ? null : secondaries.transfers(),
        () -> {
          Map<String, Long> serials = new TreeMap<>();
          served.current().zones().forEach(z -> serials.put(z.origin().toString(), z.serial()));
          return serials;
        },
        () -> {
          if (!listening.get()) {
            return "not ready: the listeners are not bound yet";
          }
          List<String> waiting = new ArrayList<>();
          for (ZoneView v : views) {
            v.secondaries().origins().stream()
                .filter(o -> v.served().current().get(o) == null || v.served().current().isExpired(o))
                .forEach(o -> waiting.add(v.name().isEmpty() ? o.toString() : o + " (view " + v.name() + ")"));
          }
          return waiting.isEmpty() ? null : "not ready: no data yet for secondary zone(s) " + String.join(", ", waiting);
        });
  }

  /** Starts the metrics endpoint (before the listeners: /ready says 503 until they are bound). */
  void startMetrics(Sources sources) throws IOException {
    if (metrics != null) {
      metrics.start(metricsAt, sources);
    }
  }

  /** Writes the pidfile; the listeners are bound. The exception's message names the file. */
  void listening() throws IOException {
    if (pidfile != null) {
      try {
        Files.writeString(pidfile, ProcessHandle.current().pid() + "\n");
      } catch (IOException e) {
        throw new IOException("--pidfile " + pidfile + ": cannot write it (" + e.getMessage() + ")", e);
      }
      pidWritten = true;
    }
  }

  @Override
  public void close() {
    if (metrics != null) {
      metrics.close();
    }
    if (queryLog != null) {
      queryLog.close();
    }
    if (dnstap != null) {
      dnstap.close();
    }
    if (pidWritten) {
      try {
        Files.deleteIfExists(pidfile);
      } catch (IOException e) {
        Logger.warn("cannot remove {}: {}", pidfile, e.getMessage());
      }
    }
  }

  /** ADDR:PORT, [v6]:PORT or HOST:PORT, resolved. */
  private static InetSocketAddress hostPort(String text, String option) {
    InetSocketAddress given = Addresses.hostPort(text);
    if (given == null) {
      throw new IllegalArgumentException(option + " takes ADDRESS:PORT, e.g. 127.0.0.1:9153, not " + text);
    }
    InetSocketAddress at = new InetSocketAddress(given.getHostString(), given.getPort());
    if (at.isUnresolved()) {
      throw new IllegalArgumentException(option + " " + text + ": no such address " + given.getHostString());
    }
    return at;
  }
}
