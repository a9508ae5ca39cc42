package org.loomdns.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.loomdns.chain.Query;
import org.loomdns.chain.Transport;
import org.loomdns.dynamic.DynamicResolver;
import org.loomdns.dynamic.RuleLoadException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Rule files written from a small grammar (rule options, right and wrong, and bodies from a fixed
 * list of replies) load or fail with a RuleLoadException naming the file; the rules loaded then
 * answer fuzzed questions with an outcome, never an exception. Rule files are programs, so the
 * fuzzer writes no raw Groovy, only options and the bodies below.
 */
class RuleFuzzTest {

  private static final List<String> NAMES = List.of("r.example", "www.r.example", "*.r.example", "?.r.example",
      "*", "r.example.", "", "..", "x*y?.r.example", "1.2.0.192.in-addr.arpa");
  private static final List<String> OPTIONS = List.of("name", "suffix", "type", "class", "dclass", "client",
      "transport", "bogus");
  private static final List<String> VALUES = List.of("A", "AAAA", "[A, MX]", "ANY", "TXT", "IN", "CH", "[IN, CH]",
      "UDP", "TCP", "'udp'", "'127.0.0.0/8'", "['::1', '10.0.0.0/8']", "'300.1.1.1'", "~/^(\\w+)\\.r\\.example\\.$/",
      "~/(/", "99999", "-1", "null", "[]", "[:]");
  /** What a rule does: every reply helper, with values right and wrong, and misuses of the API. */
  private static final List<String> BODIES = List.of(
      "{ q, m -> answer A(q.name, '192.0.2.1') }",
      "{ q, m -> answer A(q.name, m[1]) }",
      "{ q, m -> answer(CNAME(q.name, 'www.r.example'), authority: [NS('r.example', 'ns.r.example')]) }",
      "{ q, m -> answer TXT(q.name, %s, ttl: %s) }",
      "{ q, m -> answer AAAA(q.name, %s) }",
      "{ q, m -> answer MX(q.name, %s, %s) }",
      "{ q, m -> answer(%s) }",
      "{ q -> nxdomain(authority: [SOA('r.example', mname: 'ns.r.example', rname: 'h.r.example', serial: 1,"
          + " refresh: 60, retry: 60, expire: 60, minimum: 60)]) }",
      "{ nodata() }", "{ refused() }", "{ servfail() }", "{ drop() }", "{ pass() }",
      "{ q, m -> %s }",
      "{ q, m -> m[%s] }",
      "{ q, m, x -> null }",
      "{ q, m -> rule { pass() } }");
  private static final int[] TYPES = {Type.A, Type.AAAA, Type.MX, Type.TXT, Type.ANY, Type.PTR, Type.SOA, 65280};

  @FuzzTest
  void rules(FuzzedDataProvider data) throws IOException {
    String text = rules(data, data.consumeInt(0, 5));
    Path dir = FuzzFiles.dir("rules");
    try {
      Path file = dir.resolve("rules.groovy");
      Files.writeString(file, text);
      DynamicResolver resolver;
      try {
        resolver = DynamicResolver.load(List.of(file), List.of(), Duration.ofMillis(200));
      } catch (RuleLoadException e) {
        assertTrue(e.getMessage().startsWith(file.toString()), () -> "the error names no file: " + e.getMessage());
        return;
      }
      int queries = data.consumeInt(1, 4);
      for (int i = 0; i < queries; i++) {
        Query q = query(data);
        if (q != null) {
          assertNotNull(resolver.resolve(q));
        }
      }
    } finally {
      FuzzFiles.remove(dir);
    }
  }

  static String rules(FuzzedDataProvider data, int count) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < count; i++) {
      List<String> options = new ArrayList<>();
      int n = data.consumeInt(0, 3);
      for (int j = 0; j < n; j++) {
        String option = data.pickValue(OPTIONS);
        String value = option.equals("name") || option.equals("suffix")
            ? (data.consumeBoolean() ? Literals.string(data, NAMES) : data.pickValue(VALUES))
            : data.pickValue(VALUES);
        options.add(option + ": " + value);
      }
      String body = data.pickValue(BODIES);
      while (body.contains("%s")) {
        body = body.replaceFirst("%s", java.util.regex.Matcher.quoteReplacement(Literals.any(data, NAMES)));
      }
      s.append(options.isEmpty() ? "rule(" + body + ")" : "rule(" + String.join(", ", options) + ") " + body)
          .append('\n');
    }
    return s.toString();
  }

  /** A question to the rules: a name in or near r.example, or from the fuzzer; null if it is no name. */
  private static Query query(FuzzedDataProvider data) {
    String text = data.consumeBoolean() ? data.pickValue(List.of("r.example.", "www.r.example.", "x.r.example.",
        "a.b.r.example.", "other.example.", "1.2.0.192.in-addr.arpa.")) : data.consumeString(40) + ".r.example.";
    try {
      Record question = Record.newRecord(Name.fromString(text), data.pickValue(TYPES),
          data.consumeBoolean() ? DClass.IN : DClass.CH);
      Transport transport = data.consumeBoolean() ? Transport.UDP : Transport.TCP;
      return new Query(Message.newQuery(question), question,
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 5353), transport);
    } catch (TextParseException e) {
      return null;
    }
  }
}
