package org.loomdns.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.loomdns.authority.AuthorityResolver;
import org.loomdns.authority.ZoneSet;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.ResolverChain;
import org.loomdns.chain.Transport;
import org.loomdns.metrics.MetricsServer;
import org.loomdns.server.QueryObserver;
import org.loomdns.server.QueryProcessor;
import org.loomdns.stats.Drops;
import org.loomdns.tsig.TsigKeys;
import org.loomdns.zone.Zone;
import org.loomdns.zone.bind.BindZoneLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The query path without a network, stage by stage, on the benchmark zone's shape (10,000 hosts
 * with A and AAAA, MX/TXT and a CNAME per ten hosts, a wildcard): parse the request, look it up,
 * encode the reply, and all of it through {@link QueryProcessor} as a UDP datagram would go, once
 * on the full path and once as a repeated question answered from the packet cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// tinylog logs everything, dnsjava's trace lines included, until told otherwise; the server
// tells it info (warn for dnsjava), and so must the benchmark or it measures the console.
@Fork(value = 1, jvmArgsAppend = "-Dtinylog.level=warn")
public class QueryPathBenchmark {

  private static final int HOSTS = 10_000;
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5300);

  /** One question of each kind in the dnsperf mix: a host's A, AAAA, MX; a missing name; an alias; a wildcard. */
  @Param({"A", "AAAA", "MX", "NXDOMAIN", "CNAME", "wildcard"})
  public String kind;

  /** What watches the query path: nothing, or --metrics's per-query counters and latency histogram. */
  @Param({"none", "metrics"})
  public String observe;

  private byte[] request;
  private Query query;
  private AuthorityResolver authority;
  private QueryProcessor processor;
  private QueryProcessor packetCached;
  private Message reply;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path file = Files.createTempFile("bench.test.", ".zone");
    try {
      Files.writeString(file, zoneText());
      Zone zone = BindZoneLoader.load(file);
      authority = new AuthorityResolver(new ZoneSet(List.of(zone)), List.of());
    } finally {
      Files.delete(file);
    }
    ResolverChain chain = ResolverChain.builder().authority(authority).build();
    QueryObserver observer = observe.equals("metrics") ? new MetricsServer().queries() : null;
    processor = new QueryProcessor(chain, 1232, false, "loomdns bench", 0, null, TsigKeys.NONE, new Drops(), observer);
    packetCached = new QueryProcessor(chain, 1232, false, "loomdns bench", 1000, null, TsigKeys.NONE, new Drops(),
        observer);
    String name = switch (kind) {
      case "NXDOMAIN" -> "nohost4240.bench.test.";
      case "CNAME" -> "alias424.bench.test.";
      case "wildcard" -> "u4240.users.bench.test.";
      default -> "host4240.bench.test."; // a tenth host: it has MX and TXT too
    };
    int type = List.of("AAAA", "MX").contains(kind) ? Type.value(kind) : Type.A;
    Record question = Record.newRecord(Name.fromString(name), type, DClass.IN);
    Message m = Message.newQuery(question);
    m.getHeader().unsetFlag(Flags.RD);
    m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL); // dnsperf and dig send EDNS
    request = m.toWire();
    Message parsed = new Message(request);
    query = new Query(parsed, parsed.getQuestion(), CLIENT, Transport.UDP);
    byte[][] out = new byte[1][];
    processor.process(request, CLIENT, Transport.UDP, wire -> out[0] = wire);
    reply = new Message(out[0]);
    packetCached.process(request, CLIENT, Transport.UDP, wire -> { });
  }

  /** The request bytes to dnsjava's Message, as the server does first. */
  @Benchmark
  public Message parseQuery() throws IOException {
    return new Message(request);
  }

  /** The authority stage alone: find the zone, walk the names, collect the sections. */
  @Benchmark
  public Outcome lookup() {
    return authority.resolve(query);
  }

  /** A reply message to bytes, with name compression, within the client's EDNS size. */
  @Benchmark
  public byte[] encodeReply() {
    return reply.toWire(1232);
  }

  /** The whole path of one UDP query: parse, header rules, chain, reply, encode. */
  @Benchmark
  public void wholeQuery(Blackhole bh) throws IOException {
    processor.process(request, CLIENT, Transport.UDP, bh::consume);
  }

  /** The same UDP query again: found in the packet cache, copied, and its ID, flags and case written in. */
  @Benchmark
  public void repeatedQuery(Blackhole bh) throws IOException {
    packetCached.process(request, CLIENT, Transport.UDP, bh::consume);
  }

  private static String zoneText() {
    StringBuilder z = new StringBuilder(HOSTS * 120);
    z.append("$ORIGIN bench.test.\n$TTL 3600\n")
        .append("@ SOA ns1 hostmaster 2026112301 7200 3600 1209600 300\n")
        .append("@ NS ns1\n@ NS ns2\nns1 A 192.0.2.53\nns2 A 192.0.2.54\nmail A 192.0.2.25\n")
        .append("*.users A 192.0.2.100\nsub NS ns.sub\nns.sub A 192.0.2.200\n");
    for (int i = 0; i < HOSTS; i++) {
      String a = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
      z.append("host").append(i).append(" A ").append(a).append('\n');
      z.append("host").append(i).append(" AAAA 2001:db8::").append(Integer.toHexString(i)).append('\n');
      if (i % 10 == 0) {
        z.append("host").append(i).append(" MX 10 mail\n");
        z.append("host").append(i).append(" TXT \"v=spf1 ip4:").append(a).append(" -all\"\n");
        z.append("alias").append(i / 10).append(" CNAME host").append(i).append('\n');
      }
    }
    return z.toString();
  }
}
