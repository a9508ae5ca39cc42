package org.loomdns.dynamic;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.Resolver;
import org.loomdns.log.LogThrottle;
import org.tinylog.Logger;
import org.xbill.DNS.Rcode;

/**
 * The dynamic stage: the rules of the {@code --script} files in order, then the {@code --dynamic}
 * rules. The first rule that matches and does not pass decides; when all pass, so does the stage. A
 * rule's body runs on the query's own thread under a deadline, at which it is interrupted; a body
 * that throws (interrupted or not) gives SERVFAIL and one log line naming its file and line.
 */
public final class DynamicResolver implements Resolver {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);

  private static final Outcome.Answer SERVFAIL = Outcome.Answer.failure(Rcode.SERVFAIL);

  private final List<Path> files;
  private final List<Rule> fixed;
  private final Duration timeout;
  private final LogThrottle failures = new LogThrottle();
  private final LogThrottle overruns = new LogThrottle();
  /** Replaced whole on reload; each query reads it once, so it sees one version of the rules. */
  private volatile List<Rule> rules;

  DynamicResolver(List<Path> files, List<Rule> fixed, Duration timeout, List<Rule> rules) {
    this.files = List.copyOf(files);
    this.fixed = fixed;
    this.timeout = timeout;
    this.rules = rules;
  }

  /**
   * Compiles and loads every file.
   *
   * @param timeout how long a rule's body may run for one query
   * @throws RuleLoadException for the first file that does not load, naming its file and line
   */
  public static DynamicResolver load(List<Path> files, List<NetworkRule> networks, Duration timeout)
      throws RuleLoadException {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the script timeout must be positive");
    }
    List<Rule> fixed = networks.stream().map(NetworkRule::rule).toList();
    if (!files.isEmpty()) {
      Warmup.once();
    }
    DynamicResolver r = new DynamicResolver(files, fixed, timeout, null);
    r.rules = r.compile();
    return r;
  }

  /**
   * Loads one rule file as the server would, for {@code check}: compiles it and runs its top
   * level, then drops the rules.
   *
   * @return how many rules the file gives
   * @throws RuleLoadException naming the file and line of the first mistake
   */
  public static int check(Path file) throws RuleLoadException {
    return RuleLoader.load(file).size();
  }

  @Override
  public String name() {
    return "dynamic";
  }

  /**
   * Loads every file again; when one does not load, logs its file and line and keeps the rules
   * that were serving.
   *
   * @return whether the new rules are serving
   */
  public boolean reload() {
    try {
      List<Rule> next = compile();
      rules = next;
      Logger.info("dynamic: {} rules loaded from {} files", next.size(), files.size());
      return true;
    } catch (RuleLoadException e) {
      Logger.error("dynamic: {}; the previous rules keep serving", e.getMessage());
      return false;
    }
  }

  private List<Rule> compile() throws RuleLoadException {
    List<Rule> all = new ArrayList<>();
    for (Path f : files) {
      all.addAll(RuleLoader.load(f));
    }
    all.addAll(fixed);
    return List.copyOf(all);
  }

  @Override
  public Outcome resolve(Query query) {
    Question question = null;
    Deadline deadline = null;
    try {
      for (Rule rule : rules) {
        if (!rule.match().admits(query)) {
          continue;
        }
        if (question == null) {
          question = new Question(query);
        }
        Captures m = rule.match().captures(question);
        if (m == null) {
          continue;
        }
        if (deadline == null && rule.script()) {
          deadline = Deadline.start(timeout);
        }
        Outcome outcome;
        try {
          outcome = Replies.of(rule.body().run(question, m));
        } catch (Exception | StackOverflowError e) {
          if (deadline != null && deadline.expired()) {
            overruns.warn("{}: rule ran past {} ms on {} and was interrupted", where(rule, e), timeout.toMillis(), question);
          } else {
            failures.warn("{}: rule failed on {}: {}", where(rule, e), question, RuleLoader.problem(e));
          }
          return SERVFAIL;
        }
        if (!(outcome instanceof Outcome.Pass)) {
          return outcome;
        }
      }
      return Outcome.PASS;
    } finally {
      if (deadline != null) {
        deadline.close();
      }
    }
  }

  /** Where in the file the body failed, else where the rule was declared. */
  private static String where(Rule rule, Throwable e) {
    String at = RuleLoader.where(e, rule.file());
    return at.equals(rule.file()) ? rule.where() : at;
  }
}
