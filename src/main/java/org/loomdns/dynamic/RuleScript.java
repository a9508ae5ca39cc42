package org.loomdns.dynamic;

import groovy.lang.Closure;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Transport;
import org.loomdns.zone.dsl.RecordScript;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The base class of a rule file: {@code rule(options) { q, m -> ... }} declares a rule (at load
 * only); in a rule's body {@code answer(...)}, {@code nxdomain()}, {@code nodata()},
 * {@code refused()}, {@code servfail()}, {@code drop()} and {@code pass()} say what to do, and every
 * record constructor of the zone DSL builds records. Type, class and transport names ({@code A},
 * {@code MX}, {@code IN}, {@code CH}, {@code UDP}, {@code TCP}) read as constants.
 */
public abstract class RuleScript extends RecordScript {

  /** Read by many queries at once, never written after class initialisation. */
  private static final Map<String, Object> CONSTANTS = constants();

  /** Set for the load only: rules may be declared while the file runs, not from a rule's body. */
  private RuleLoader.Collector collector;
  private Path dir;

  void loading(RuleLoader.Collector collector, Path dir) {
    this.collector = collector;
    this.dir = dir;
  }

  void loaded() {
    this.collector = null;
  }

  public void rule(Map<?, ?> when, Closure<?> body) {
    if (collector == null) {
      throw new IllegalStateException("rule(...) declares rules when the file loads, not while one runs");
    }
    collector.add(when, body);
  }

  public void rule(Closure<?> body) {
    rule(Map.of(), body);
  }

  public Outcome.Answer answer(Object... records) {
    return Replies.answer(Rcode.NOERROR, Map.of(), records);
  }

  /** {@code answer(A(...), authority: [NS(...)], additional: [A(...)])}. */
  public Outcome.Answer answer(Map<?, ?> sections, Object... records) {
    return Replies.answer(Rcode.NOERROR, sections, records);
  }

  public Outcome.Answer nxdomain() {
    return nxdomain(Map.of());
  }

  /** {@code nxdomain(authority: [SOA(...)])}, so resolvers may cache the denial. */
  public Outcome.Answer nxdomain(Map<?, ?> sections) {
    return Replies.answer(Rcode.NXDOMAIN, sections, null);
  }

  public Outcome.Answer nodata() {
    return nodata(Map.of());
  }

  public Outcome.Answer nodata(Map<?, ?> sections) {
    return Replies.answer(Rcode.NOERROR, sections, null);
  }

  public Outcome.Answer refused() {
    return Outcome.Answer.failure(Rcode.REFUSED);
  }

  public Outcome.Answer servfail() {
    return Outcome.Answer.failure(Rcode.SERVFAIL);
  }

  public Outcome drop() {
    return Outcome.DROP;
  }

  /** The next rule, then the next stage, gets the query (Twisted's DomainError). */
  public Outcome pass() {
    return Outcome.PASS;
  }

  /** A file next to this rule file: {@code file('hosts.txt').readLines()}. */
  public File file(String path) {
    return (dir == null ? Path.of(path) : dir.resolve(path)).toFile();
  }

  @Override
  public Object getProperty(String property) {
    Object c = CONSTANTS.get(property);
    return c != null ? c : super.getProperty(property);
  }

  private static Map<String, Object> constants() {
    Map<String, Object> m = new HashMap<>();
    for (int t = 1; t < 65536; t++) {
      String s = Type.string(t);
      if (!s.startsWith("TYPE")) {
        m.put(s.replace('-', '_'), t);
      }
    }
    for (int c : new int[] {DClass.IN, DClass.CH, DClass.HS, DClass.NONE, DClass.ANY}) {
      m.put(DClass.string(c), c);
    }
    for (Transport t : Transport.values()) {
      m.put(t.name(), t);
    }
    return Map.copyOf(m);
  }
}
