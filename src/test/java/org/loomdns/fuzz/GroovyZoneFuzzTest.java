package org.loomdns.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.loomdns.zone.dsl.GroovyZoneLoader;
import org.loomdns.zone.dsl.RecordConstructors;

/**
 * Zones in the Groovy DSL, written from a small grammar (record constructors with literal
 * arguments, named or positional, a {@code ttl}, {@code zone = [...]} or {@code zone << ...}), load
 * or fail with a ZoneLoadException naming the file. A Groovy zone is a program, so the fuzzer
 * never writes raw Groovy: only what the grammar makes, which calls nothing but constructors.
 */
class GroovyZoneFuzzTest {

  static final List<String> NAMES = List.of("fuzz.example", "www.fuzz.example", "*.fuzz.example", "a.b.fuzz.example",
      "other.example", "fuzz.example.", "", ".", "..", "192.0.2.1", "2001:db8::1", "ns1.fuzz.example", "1H", "-1");
  private static final List<String> CONSTRUCTORS = List.copyOf(RecordConstructors.names());

  @FuzzTest
  void load(FuzzedDataProvider data) throws IOException {
    FuzzFiles.loadZone("fuzz.example.groovy", zone(data).getBytes(StandardCharsets.UTF_8), Map.of(),
        GroovyZoneLoader::load);
  }

  static String zone(FuzzedDataProvider data) {
    StringBuilder s = new StringBuilder();
    if (data.consumeBoolean()) {
      s.append("ttl = ").append(Literals.any(data, NAMES)).append('\n');
    }
    boolean list = data.consumeBoolean();
    s.append(list ? "zone = [\n" : "zone = []\n");
    int records = data.consumeInt(0, 12);
    for (int i = 0; i < records; i++) {
      s.append(list ? "  " : "zone << ").append(call(data)).append(list ? ",\n" : "\n");
    }
    if (list) {
      s.append("]\n");
    }
    return s.toString();
  }

  /** {@code TYPE(owner, positional..., name: value...)}: any constructor, fields right or wrong. */
  private static String call(FuzzedDataProvider data) {
    String type = data.pickValue(CONSTRUCTORS);
    List<String> args = new ArrayList<>();
    int positional = data.consumeInt(0, 4);
    for (int i = 0; i < positional; i++) {
      args.add(Literals.any(data, NAMES));
    }
    List<String> fields = new ArrayList<>(RecordConstructors.fields(type));
    fields.add("ttl");
    fields.add("bogus");
    int named = data.consumeInt(0, 3);
    for (int i = 0; i < named; i++) {
      args.add(data.pickValue(fields) + ": " + Literals.any(data, NAMES));
    }
    return type + "(" + String.join(", ", args) + ")";
  }
}
