package org.loomdns.bench;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.loomdns.chain.Transport;
import org.loomdns.metrics.MetricsServer;
import org.loomdns.server.QueryObserver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What {@code --metrics} adds to one query, apart from the rest of the path: the observer's call
 * with the two clock reads that time a packet-cache answer, against the clock reads alone. The
 * difference is the observer; the clock reads are what a packet-cache answer pays only for metrics.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dtinylog.level=warn")
public class ObserverBenchmark {

  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5300);

  private QueryObserver observer;
  private byte[] query;

  @Setup
  public void setUp() throws Exception {
    observer = new MetricsServer().queries();
    query = Message.newQuery(Record.newRecord(Name.fromString("host4240.bench.test."), Type.A, DClass.IN)).toWire();
  }

  /** A packet-cache answer's share of metrics: two clock reads and the observer. */
  @Benchmark
  public void observedAnswer() {
    long start = System.nanoTime();
    observer.answered(query, query, 0, CLIENT, Transport.UDP, "packet cache", System.nanoTime() - start);
  }

  /** The two clock reads alone. */
  @Benchmark
  public long clockReads() {
    long start = System.nanoTime();
    return System.nanoTime() - start;
  }
}
