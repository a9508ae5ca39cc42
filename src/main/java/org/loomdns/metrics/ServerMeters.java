package org.loomdns.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.loomdns.stats.CacheReading;
import org.loomdns.stats.Drops;
import org.loomdns.stats.PeerCounts;
import org.loomdns.stats.Tally;

/**
 * The meters read from {@link Sources} at scrape time: drops, the two caches, the upstreams, zone
 * serials and transfers, and the JVM's memory, GC, threads and CPU. Upstreams, zones and transfer
 * results appear while the server runs, so {@link #refresh()} registers the new ones before each
 * scrape.
 */
final class ServerMeters implements AutoCloseable {

  private final MeterRegistry registry;
  private final Sources sources;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Set<String> peersSeen = new HashSet<>();
  private final Set<Tally.Key> transfersSeen = new HashSet<>();
  private final MultiGauge serials;

  ServerMeters(MeterRegistry registry, Sources sources) {
    this.registry = registry;
    this.sources = sources;
    for (Drops.Kind k : Drops.Kind.values()) {
      FunctionCounter.builder("loomdns.drops", sources.drops(), d -> d.get(k))
          .description("Work shed or refused, by kind (see docs/operations.md)")
          .tag("kind", k.metric())
          .register(registry);
    }
    cache("packet", sources.packetCache());
    cache("stage", sources.cache());
    serials = MultiGauge.builder("loomdns.zone.serial").description("The SOA serial each zone is served with")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  private void cache(String which, Supplier<CacheReading> reading) {
    if (reading == null) {
      return;
    }
    counter("loomdns.cache.hits", "Lookups that found an answer to use", which, reading, CacheReading::hits);
    counter("loomdns.cache.misses", "Lookups that found none", which, reading, CacheReading::misses);
    counter("loomdns.cache.evictions", "Entries pushed out for room", which, reading, CacheReading::evictions);
    gauge("loomdns.cache.entries", "Entries held", which, reading, CacheReading::entries);
    Gauge.builder("loomdns.cache.size", reading, r -> r.get().bytes()).baseUnit("bytes")
        .description("Heap the entries take").tag("cache", which).register(registry);
    Gauge.builder("loomdns.cache.max.size", reading, r -> r.get().maxBytes()).baseUnit("bytes")
        .description("Heap the entries may take").tag("cache", which).register(registry);
  }

  private void counter(String name, String description, String which, Supplier<CacheReading> reading,
      ToDoubleFunction<CacheReading> value) {
    FunctionCounter.builder(name, reading, r -> value.applyAsDouble(r.get())).description(description)
        .tag("cache", which).register(registry);
  }

  private void gauge(String name, String description, String which, Supplier<CacheReading> reading,
      ToDoubleFunction<CacheReading> value) {
    Gauge.builder(name, reading, r -> value.applyAsDouble(r.get())).description(description)
        .tag("cache", which).register(registry);
  }

  /** Registers the meters of upstreams and transfer results seen since the last call; updates the serials. */
  synchronized void refresh() {
    if (sources.upstreams() != null) {
      PeerCounts peers = sources.upstreams().get();
      for (String peer : peers.snapshot().keySet()) {
        if (peersSeen.add(peer)) {
          upstream(peers, peer);
        }
      }
    }
    if (sources.transfers() != null) {
      Tally transfers = sources.transfers();
      for (Tally.Key k : transfers.snapshot().keySet()) {
        if (transfersSeen.add(k)) {
          FunctionCounter.builder("loomdns.zone.transfers", transfers, t -> t.get(k))
              .description("Checks of a secondary zone by how they ended: axfr, ixfr, current or failed")
              .tags("zone", k.subject(), "result", k.result())
              .register(registry);
        }
      }
    }
    if (sources.zoneSerials() != null) {
      List<MultiGauge.Row<?>> rows = sources.zoneSerials().get().entrySet().stream()
          .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("zone", e.getKey()), e.getValue()))
          .toList();
      serials.register(rows, true);
    }
  }

  private void upstream(PeerCounts peers, String peer) {
    FunctionCounter.builder("loomdns.forward.queries", peers, p -> p.get(peer).exchanges())
        .description("Questions sent to an upstream").tag("upstream", peer).register(registry);
    FunctionCounter.builder("loomdns.forward.failures", peers, p -> p.get(peer).failures())
        .description("Questions an upstream did not answer (timeout or socket error)").tag("upstream", peer)
        .register(registry);
    FunctionTimer.builder("loomdns.forward.latency", peers,
            p -> p.get(peer).exchanges() - p.get(peer).failures(), p -> p.get(peer).answeredNanos(),
            TimeUnit.NANOSECONDS)
        .description("Time the answered questions took").tag("upstream", peer).register(registry);
    Gauge.builder("loomdns.forward.up", peers, p -> p.get(peer).up() ? 1 : 0)
        .description("1 while an upstream is up, 0 while it is marked down").tag("upstream", peer).register(registry);
  }

  @Override
  public void close() {
    gc.close();
  }
}
