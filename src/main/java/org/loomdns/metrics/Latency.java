package org.loomdns.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.concurrent.atomic.LongAdder;
import org.loomdns.chain.Transport;

/**
 * The answer latency histogram, {@code loomdns_answer_latency_seconds} by transport: a striped
 * counter per bucket, read into a Prometheus classic histogram at scrape time. Micrometer's Timer
 * reads the clock again inside each record (to age its maximum and its histogram), and where the
 * clock is slow to read that cost more than the rest of a packet-cache answer; here a record is
 * a scan of fifteen bounds and two additions.
 */
final class Latency implements Collector {

  static final String NAME = "loomdns_answer_latency_seconds";
  private static final long[] BOUNDS_NANOS = {50_000, 100_000, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000,
      10_000_000, 25_000_000, 50_000_000, 100_000_000, 250_000_000, 500_000_000, 1_000_000_000, 2_500_000_000L};
  private static final double[] BOUNDS_SECONDS = new double[BOUNDS_NANOS.length + 1];

  static {
    for (int i = 0; i < BOUNDS_NANOS.length; i++) {
      BOUNDS_SECONDS[i] = BOUNDS_NANOS[i] / 1e9;
    }
    BOUNDS_SECONDS[BOUNDS_NANOS.length] = Double.POSITIVE_INFINITY;
  }

  private final Transport[] transports = Transport.values();
  private final LongAdder[][] buckets = new LongAdder[transports.length][BOUNDS_SECONDS.length];
  private final LongAdder[] sums = new LongAdder[transports.length];

  Latency() {
    for (int t = 0; t < transports.length; t++) {
      sums[t] = new LongAdder();
      for (int b = 0; b < BOUNDS_SECONDS.length; b++) {
        buckets[t][b] = new LongAdder();
      }
    }
  }

  void record(Transport transport, long nanos) {
    int b = 0;
    while (b < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[b]) {
      b++;
    }
    buckets[transport.ordinal()][b].increment();
    sums[transport.ordinal()].add(nanos);
  }

  @Override
  public MetricSnapshot collect() {
    HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(NAME)
        .help("Time from a query's arrival to its reply being sent");
    for (Transport t : transports) {
      long[] counts = new long[BOUNDS_SECONDS.length];
      for (int b = 0; b < counts.length; b++) {
        counts[b] = buckets[t.ordinal()][b].sum();
      }
      HistogramSnapshot.HistogramDataPointSnapshot.Builder point = HistogramSnapshot.HistogramDataPointSnapshot.builder();
      point.classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS_SECONDS, counts));
      point.sum(sums[t.ordinal()].sum() / 1e9);
      point.labels(Labels.of("transport", t.toString()));
      histogram.dataPoint(point.build());
    }
    return histogram.build();
  }
}
