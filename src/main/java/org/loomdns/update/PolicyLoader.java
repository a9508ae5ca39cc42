package org.loomdns.update;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyShell;
import groovy.transform.ThreadInterrupt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.loomdns.net.Cidr;
import org.loomdns.tsig.TsigKeys;
import org.loomdns.zone.dsl.GroovySource;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Runs an update policy file once and turns its {@code grant}/{@code deny} calls into
 * {@link PolicyRule}s; each mistake is one {@link PolicyLoadException} with file and line.
 */
public final class PolicyLoader {

  /** How long the file may run at load: it only declares rules. */
  static final Duration LOAD_LIMIT = Duration.ofSeconds(10);

  /** The name the file is compiled under; stack frames carry it, which is how lines are found. */
  private static final String SCRIPT = "LoomUpdatePolicy.groovy";
  private static final Set<String> WHO = Set.of("key", "address");
  private static final Set<String> WHAT = Set.of("name", "subdomain", "wildcard", "regex");
  private static final Set<String> OPTIONS = Set.of("key", "address", "name", "subdomain", "wildcard", "regex", "types");

  private PolicyLoader() {}

  /** The policy in {@code file}; every key it names must be one of {@code keys}. */
  public static UpdatePolicy load(Path file, TsigKeys keys) throws PolicyLoadException {
    return load(GroovySource.read(file, PolicyLoadException::new), file.toString(), keys);
  }

  /** One {@code grant} or {@code deny} declared elsewhere (a configuration file's zone block), with its file and line. */
  public record Declared(boolean grant, Map<?, ?> options, String where) {}

  /** The rules {@code declared}, as a policy file's calls would make them; the first mistake fails with its line. */
  public static UpdatePolicy declared(List<Declared> declared, TsigKeys keys) throws PolicyLoadException {
    List<PolicyRule> rules = new ArrayList<>();
    for (Declared d : declared) {
      try {
        rules.add(rule(d.grant(), d.options(), keys, d.where()));
      } catch (IllegalArgumentException e) {
        throw new PolicyLoadException(d.where(), e.getMessage());
      }
    }
    return new UpdatePolicy(rules);
  }

  static UpdatePolicy load(String text, String name, TsigKeys keys) throws PolicyLoadException {
    PolicyScript script = compile(text, name);
    List<PolicyRule> rules = new ArrayList<>();
    script.collecting((grant, options) -> rules.add(rule(grant, options, keys,
        name + ":" + GroovySource.currentLine(SCRIPT))));
    GroovySource.runOnce(script, LOAD_LIMIT, name, SCRIPT, PolicyLoadException::new);
    return new UpdatePolicy(rules);
  }

  private static PolicyRule rule(boolean grant, Map<?, ?> options, TsigKeys keys, String where) {
    String verb = grant ? "grant" : "deny";
    for (Object k : options.keySet()) {
      if (!OPTIONS.contains(String.valueOf(k))) {
        throw new IllegalArgumentException(verb + " has no option " + k + " (it takes key or address; "
            + "name, subdomain, wildcard or regex; types)");
      }
    }
    String who = exactlyOne(options, WHO, verb);
    String what = exactlyOne(options, WHAT, verb);
    String whoText = String.valueOf(options.get(who));
    Name key = null;
    Cidr address = null;
    if (who.equals("key")) {
      key = keys.require(whoText, verb + " key: '" + whoText + "'").name();
    } else {
      address = Cidr.parse(whoText);
    }
    String value = String.valueOf(options.get(what));
    PolicyRule.Kind kind = PolicyRule.Kind.valueOf(what.toUpperCase(java.util.Locale.ROOT));
    Name name = null;
    Pattern regex = null;
    if (kind == PolicyRule.Kind.REGEX) {
      try {
        regex = Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("regex " + value + ": " + e.getDescription());
      }
    } else {
      if (kind == PolicyRule.Kind.WILDCARD) {
        if (!value.startsWith("*.")) {
          throw new IllegalArgumentException("wildcard " + value + " must start with *.");
        }
        value = value.substring(2);
      }
      name = name(value, what);
    }
    return new PolicyRule(grant, key, address, kind, name, regex, types(options.get("types")), where);
  }

  private static String exactlyOne(Map<?, ?> options, Set<String> among, String verb) {
    List<String> given = among.stream().filter(options::containsKey).sorted().toList();
    if (given.size() != 1) {
      throw new IllegalArgumentException(verb + " takes exactly one of " + among.stream().sorted().toList()
          + (given.isEmpty() ? "" : ", not " + given));
    }
    return given.get(0);
  }

  private static Name name(String text, String what) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(what + " " + text + ": not a domain name");
    }
  }

  /** Null when none are given (the default set); else each type by its name. */
  private static Set<Integer> types(Object given) {
    if (given == null) {
      return null;
    }
    Collection<?> names = given instanceof Collection<?> c ? c : List.of(given);
    Set<Integer> out = new HashSet<>();
    for (Object n : names) {
      int t = Type.value(String.valueOf(n));
      if (t < 0) {
        throw new IllegalArgumentException("types: " + n + " is not a record type");
      }
      out.add(t);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("types: an empty list grants nothing; leave types out for the default set");
    }
    return Set.copyOf(out);
  }

  private static PolicyScript compile(String source, String file) throws PolicyLoadException {
    CompilerConfiguration config = new CompilerConfiguration();
    config.setScriptBaseClass(PolicyScript.class.getName());
    config.addCompilationCustomizers(new ASTTransformationCustomizer(ThreadInterrupt.class));
    GroovyClassLoader loader = new GroovyClassLoader(PolicyLoader.class.getClassLoader(), config);
    try {
      return (PolicyScript) new GroovyShell(loader, new Binding(), config)
          .parse(new GroovyCodeSource(source, SCRIPT, "/groovy/shell"));
    } catch (CompilationFailedException e) {
      throw GroovySource.compileFailure(e, file, PolicyLoadException::new);
    }
  }
}
