package org.loomdns.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.loomdns.chain.Transport;
import org.loomdns.net.DnsWire;
import org.loomdns.server.QueryObserver;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Counts every query by transport, question type, rcode and answering stage, and times it. The
 * query's thread only indexes a table of striped counters and records into one timer; each counter
 * becomes a Prometheus series the first time it is used. Clients pick the type and, through their
 * queries, the rcode, so both are folded into a fixed set of labels ({@code other} for the rest):
 * no client can make the series grow without bound.
 */
final class QueryMetrics implements QueryObserver {

  /** Types with a label of their own; the rest count as {@code other}. */
  private static final int[] TYPES = {Type.A, Type.NS, Type.CNAME, Type.SOA, Type.PTR, Type.MX, Type.TXT, Type.AAAA,
      Type.SRV, Type.NAPTR, Type.DS, Type.RRSIG, Type.NSEC, Type.DNSKEY, Type.NSEC3, Type.NSEC3PARAM, Type.TLSA,
      Type.SVCB, Type.HTTPS, Type.CAA, Type.ANY, Type.AXFR, Type.IXFR};
  private static final byte[] TYPE_SLOT = new byte[65536];
  private static final int TYPE_OTHER = TYPES.length;
  /** A query too short or broken to have a type. */
  private static final int TYPE_NONE = TYPES.length + 1;
  private static final int TYPE_SLOTS = TYPES.length + 2;
  /** Rcodes 0 to 23 have their names; the rest are {@code other}, a drop is {@code none}. */
  private static final int RCODE_NAMED = 24;
  private static final int RCODE_OTHER = RCODE_NAMED;
  private static final int RCODE_NONE = RCODE_NAMED + 1;
  private static final int RCODE_SLOTS = RCODE_NAMED + 2;
  /** Stage names come from the code (a few); more than this share the last slot. */
  private static final int STAGE_SLOTS = 16;
  static {
    java.util.Arrays.fill(TYPE_SLOT, (byte) TYPE_OTHER);
    for (int i = TYPES.length - 1; i >= 0; i--) {
      TYPE_SLOT[TYPES[i]] = (byte) i;
    }
  }

  private final MeterRegistry registry;
  private final Transport[] transports = Transport.values();
  private final AtomicReferenceArray<LongAdder> counts;
  private final ConcurrentHashMap<String, Integer> stages = new ConcurrentHashMap<>();
  private final String[] stageNames = new String[STAGE_SLOTS];
  private final Latency latency = new Latency();

  QueryMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.counts = new AtomicReferenceArray<>(transports.length * STAGE_SLOTS * RCODE_SLOTS * TYPE_SLOTS);
    registry.getPrometheusRegistry().register(latency);
  }

  @Override
  public void answered(byte[] query, byte[] reply, int rcode, InetSocketAddress client, Transport transport,
      String stage, long nanos) {
    int slot = ((transport.ordinal() * STAGE_SLOTS + stage(stage)) * RCODE_SLOTS + rcodeSlot(rcode)) * TYPE_SLOTS
        + typeSlot(query);
    LongAdder c = counts.get(slot);
    (c != null ? c : create(slot)).increment();
    if (rcode >= 0) {
      latency.record(transport, nanos);
    }
  }

  private int stage(String name) {
    Integer i = stages.get(name);
    if (i != null) {
      return i;
    }
    synchronized (stageNames) {
      return stages.computeIfAbsent(name, n -> {
        int next = Math.min(stages.size(), STAGE_SLOTS - 1);
        if (stageNames[next] == null) {
          stageNames[next] = n.replace(' ', '_');
        }
        return next;
      });
    }
  }

  private static int rcodeSlot(int rcode) {
    return rcode < 0 ? RCODE_NONE : Math.min(rcode, RCODE_OTHER);
  }

  /** The question's type read off the bytes (after the name at offset 12), without parsing the message. */
  static int typeSlot(byte[] query) {
    if (query.length < 12 || DnsWire.u16(query, 4) == 0) {
      return TYPE_NONE;
    }
    int at = DnsWire.skipName(query, 12);
    return at < 0 || at + 2 > query.length ? TYPE_NONE : TYPE_SLOT[DnsWire.u16(query, at)];
  }

  /** Makes the counter of {@code slot} and its series, once. */
  private synchronized LongAdder create(int slot) {
    LongAdder c = counts.get(slot);
    if (c != null) {
      return c;
    }
    c = new LongAdder();
    int type = slot % TYPE_SLOTS;
    int rest = slot / TYPE_SLOTS;
    int rcode = rest % RCODE_SLOTS;
    rest /= RCODE_SLOTS;
    int stage = rest % STAGE_SLOTS;
    int transport = rest / STAGE_SLOTS;
    FunctionCounter.builder("loomdns.queries", c, LongAdder::sum)
        .description("Queries by transport, question type, rcode of the reply (none: dropped) and the stage that answered")
        .tag("transport", transports[transport].toString())
        .tag("qtype", type == TYPE_OTHER ? "other" : type == TYPE_NONE ? "none" : Type.string(TYPES[type]))
        .tag("rcode", rcode == RCODE_NONE ? "none" : rcode == RCODE_OTHER ? "other"
            : Rcode.string(rcode).toUpperCase(Locale.ROOT))
        .tag("stage", stageNames[stage])
        .register(registry);
    counts.set(slot, c);
    return c;
  }
}
