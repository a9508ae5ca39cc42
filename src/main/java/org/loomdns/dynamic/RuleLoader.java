package org.loomdns.dynamic;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import groovy.transform.ThreadInterrupt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.syntax.SyntaxException;
import org.loomdns.zone.dsl.GroovySource;
import org.loomdns.zone.dsl.RecordConstructors;

/**
 * Compiles a rule file once and runs its top level once, collecting its rules. The compiler adds
 * Groovy's ThreadInterrupt checks to every loop, method and closure of the file, which is what lets
 * {@link Deadline} stop a rule that runs too long. (TimedInterrupt would not do: its clock starts
 * when the script object is made, that is at load, not per query.)
 */
final class RuleLoader {

  /** Records a rule makes live this long unless given a ttl. */
  static final long DEFAULT_TTL = 60;

  /** How long a file's top level may run at load (reading a data file, say). */
  static final Duration LOAD_LIMIT = Duration.ofSeconds(10);

  /** The name every rule file is compiled under; stack frames carry it, which is how lines are found. */
  private static final String SCRIPT = "LoomRules.groovy";

  /** Where rule(...) calls go while a file loads. */
  interface Collector {
    void add(Map<?, ?> options, Closure<?> body);
  }

  private RuleLoader() {}

  static List<Rule> load(Path file) throws RuleLoadException {
    String text = GroovySource.read(file, RuleLoadException::new);
    return load(text, file.toString(), file.toAbsolutePath().getParent());
  }

  /**
   * Rules from {@code text}, named {@code name} in errors and logs.
   *
   * @param dir where {@code file(...)} in the text looks
   */
  static List<Rule> load(String text, String name, Path dir) throws RuleLoadException {
    RuleScript script = compile(text, name);
    List<Rule> rules = new ArrayList<>();
    script.useConstructors(new RecordConstructors(DEFAULT_TTL));
    script.loading((options, body) -> rules.add(rule(options, body, name)), dir);
    try (Deadline deadline = Deadline.start(LOAD_LIMIT)) {
      try {
        script.run();
      } catch (Exception | StackOverflowError e) {
        throw new RuleLoadException(where(e, name),
            deadline.expired() ? "the file's top level ran longer than " + LOAD_LIMIT.toSeconds() + " s" : problem(e));
      }
    } finally {
      script.loaded();
    }
    return List.copyOf(rules);
  }

  private static Rule rule(Map<?, ?> options, Closure<?> body, String file) {
    Match match = Match.of(options);
    Rule.Body run = switch (body.getMaximumNumberOfParameters()) {
      case 0 -> (q, m) -> body.call();
      case 1 -> (q, m) -> body.call(q);
      case 2 -> (q, m) -> body.call(q, m);
      default -> throw new IllegalArgumentException("a rule's closure takes the query and the match: { q, m -> ... }");
    };
    return new Rule(match, run, file, GroovySource.currentLine(SCRIPT), true);
  }

  private static RuleScript compile(String source, String file) throws RuleLoadException {
    CompilerConfiguration config = new CompilerConfiguration();
    config.setScriptBaseClass(RuleScript.class.getName());
    config.addCompilationCustomizers(new ASTTransformationCustomizer(ThreadInterrupt.class), new DirectCalls(),
        new RegexOperators());
    // A class loader per load, so the classes of replaced rules can be collected with them.
    GroovyClassLoader loader = new GroovyClassLoader(RuleLoader.class.getClassLoader(), config);
    try {
      Script s = new GroovyShell(loader, new Binding(), config).parse(new GroovyCodeSource(source, SCRIPT, "/groovy/shell"));
      return (RuleScript) s;
    } catch (MultipleCompilationErrorsException e) {
      SyntaxException syntax = GroovySource.firstSyntaxError(e);
      if (syntax != null) {
        throw new RuleLoadException(file + ":" + syntax.getStartLine(), syntax.getOriginalMessage());
      }
      throw new RuleLoadException(file, e.getMessage());
    } catch (CompilationFailedException e) {
      throw new RuleLoadException(file, e.getMessage());
    }
  }

  /** "file:line" for the innermost rule-file frame of {@code e}, or the file alone. */
  static String where(Throwable e, String file) {
    int line = GroovySource.lineOf(e, SCRIPT);
    return line > 0 ? file + ":" + line : file;
  }

  /** What went wrong, in one line and the file's own terms. */
  static String problem(Throwable e) {
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
      return e.getMessage();
    }
    return GroovySource.describe(e);
  }

}
