package org.loomdns.bench;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.loomdns.authority.AuthorityResolver;
import org.loomdns.authority.ZoneSet;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.Transport;
import org.loomdns.zone.bind.BindZoneLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The authority stage's signed denials: NXDOMAIN and wildcard answers with DO, each under a new
 * name, from a pre-signed copy of the benchmark zone (the NSEC3 or NSEC file src/bench/dnssec.py
 * writes, given as {@code -p zone=PATH}), as the queries that miss the packet cache ask them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dtinylog.level=warn")
public class DenialBenchmark {

  private static final int QUESTIONS = 4096;

  /** A signed benchmark zone file. */
  @Param("")
  public String zone;

  private AuthorityResolver authority;
  private Query[] queries;
  private int next;

  @Setup
  public void setUp() throws Exception {
    authority = new AuthorityResolver(new ZoneSet(List.of(BindZoneLoader.load(Path.of(zone)))), List.of());
    InetSocketAddress client = new InetSocketAddress("127.0.0.1", 5300);
    queries = new Query[QUESTIONS];
    for (int i = 0; i < QUESTIONS; i++) {
      String name = (i % 2 == 0 ? "nohost" + i : "x" + i + ".users") + ".bench.test.";
      Message m = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
      m.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
      Message parsed = new Message(m.toWire());
      queries[i] = new Query(parsed, parsed.getQuestion(), client, Transport.UDP);
    }
  }

  /** One NXDOMAIN or wildcard answer with its proofs, the questions taken in turn. */
  @Benchmark
  public Outcome signedDenial() {
    next = (next + 1) % QUESTIONS;
    return authority.resolve(queries[next]);
  }
}
