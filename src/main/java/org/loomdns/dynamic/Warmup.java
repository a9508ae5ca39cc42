package org.loomdns.dynamic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.loomdns.chain.Query;
import org.loomdns.chain.Transport;
import org.loomdns.stats.Drops;
import org.tinylog.Logger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The first run of Groovy rule code in a JVM costs 100 ms and more (class loading, call-site
 * linking), more than a query's time limit. So the first load runs a built-in rule file
 * (warmup.groovy) a few times, with the queries its rules answer, before any client asks.
 */
final class Warmup {

  private static final int ROUNDS = 20;
  private static final Duration LIMIT = Duration.ofSeconds(10);
  private static boolean done;

  private Warmup() {}

  /** Runs once per JVM; a failure only costs speed, so it is logged and forgotten. */
  static synchronized void once() {
    if (done) {
      return;
    }
    done = true;
    try (InputStream in = Warmup.class.getResourceAsStream("warmup.groovy")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<Rule> rules = RuleLoader.load(text, "warmup.groovy", null);
      DynamicResolver stage = new DynamicResolver(List.of(), rules, new RuleLimits(LIMIT, 0, 1), new Drops(), rules);
      List<Query> queries = List.of(query("warm7.example", Type.A), query("warm300.example", Type.A),
          query("pool.warm.invalid", Type.A), query("a.dict.warm.invalid", Type.A),
          query("b.dict.warm.invalid", Type.MX), query("c.dict.warm.invalid", Type.A),
          query("x.glob.warm.invalid", Type.TXT), query("else.example", Type.A));
      for (int i = 0; i < ROUNDS; i++) {
        queries.forEach(stage::resolve);
      }
    } catch (IOException | RuleLoadException | RuntimeException e) {
      Logger.warn("dynamic: warm-up failed ({}); the first queries will be slower", e.toString());
    }
  }

  private static Query query(String name, int type) {
    try {
      Record q = Record.newRecord(Name.fromString(name + "."), type, DClass.IN);
      return new Query(Message.newQuery(q), q, new InetSocketAddress(InetAddress.getLoopbackAddress(), 53), Transport.UDP);
    } catch (TextParseException e) {
      throw new UncheckedIOException(e);
    }
  }
}
