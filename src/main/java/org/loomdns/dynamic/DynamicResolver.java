package org.loomdns.dynamic;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.Resolver;
import org.loomdns.log.LogThrottle;
import org.loomdns.stats.Drops;
import org.tinylog.Logger;
import org.xbill.DNS.Rcode;

/**
 * The dynamic stage: the rules of the {@code --script} files in order, then the {@code --dynamic}
 * rules. The first rule that matches and does not pass decides; when all pass, so does the stage. A
 * script rule's body runs on one of a few platform threads ({@link RuleThreads}) under a deadline
 * and an allocation limit, at which it is interrupted; the query is answered SERVFAIL at the
 * deadline whether or not the body has stopped. A body that throws gives SERVFAIL and one log line
 * naming its file and line. The built-in {@code --dynamic} rules are our own code and run on the
 * query's thread.
 */
public final class DynamicResolver implements Resolver {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);

  private static final Outcome.Answer SERVFAIL = Outcome.Answer.failure(Rcode.SERVFAIL);

  private final List<Path> files;
  private final List<Rule> fixed;
  private final RuleLimits limits;
  private final Drops drops;
  private final RuleThreads threads;
  private final LogThrottle failures = new LogThrottle();
  /** Replaced whole on reload; each query reads it once, so it sees one version of the rules. */
  private volatile List<Rule> rules;

  DynamicResolver(List<Path> files, List<Rule> fixed, RuleLimits limits, Drops drops, List<Rule> rules) {
    this.files = List.copyOf(files);
    this.fixed = fixed;
    this.limits = limits;
    this.drops = drops;
    this.threads = new RuleThreads(limits.threads(), limits.allocation());
    this.rules = rules;
  }

  /**
   * Compiles and loads every file.
   *
   * @param limits what a rule's body may take for one query
   * @param drops where rules stopped at a limit, or refused for want of a thread, are counted
   * @throws RuleLoadException for the first file that does not load, naming its file and line
   */
  public static DynamicResolver load(List<Path> files, List<NetworkRule> networks, RuleLimits limits, Drops drops)
      throws RuleLoadException {
    List<Rule> fixed = networks.stream().map(NetworkRule::rule).toList();
    if (!files.isEmpty()) {
      Warmup.once();
    }
    if (limits.allocation() > 0 && !Deadline.countsAllocation()) {
      Logger.warn("dynamic: this JVM does not count what a thread allocates; --script-max-alloc has no effect");
    }
    DynamicResolver r = new DynamicResolver(files, fixed, limits, drops, null);
    r.rules = r.compile();
    return r;
  }

  /** {@link #load(List, List, RuleLimits, Drops)} with the default limits but {@code timeout}, counting into a Drops of its own. */
  public static DynamicResolver load(List<Path> files, List<NetworkRule> networks, Duration timeout)
      throws RuleLoadException {
    return load(files, networks, RuleLimits.defaults(timeout), new Drops());
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
    long due = 0;
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
      if (due == 0 && rule.script()) {
        due = System.nanoTime() + limits.timeout().toNanos();
      }
      Outcome outcome = rule.script() ? ended(rule, question, threads.run(rule, question, m, due)) : inline(rule, question, m);
      if (!(outcome instanceof Outcome.Pass)) {
        return outcome;
      }
    }
    return Outcome.PASS;
  }

  /** A built-in rule, on the query's thread. */
  private Outcome inline(Rule rule, Question q, Captures m) {
    try {
      return Replies.of(rule.body().run(q, m));
    } catch (Exception e) {
      failures.warn("{}: rule failed on {}: {}", where(rule, e), q, RuleLoader.problem(e));
      return SERVFAIL;
    }
  }

  /** The outcome of a script rule's run, counting and logging the runs that did not answer. */
  private Outcome ended(Rule rule, Question q, RuleThreads.Result r) {
    switch (r.end()) {
      case ANSWERED -> {
        return r.outcome();
      }
      case FAILED -> failures.warn("{}: rule failed on {}: {}", where(rule, r.failure()), q, RuleLoader.problem(r.failure()));
      case TIMEOUT -> drops.count(Drops.Kind.RULE_TIMEOUT, "{}: rule ran past {} ms on {} and was stopped",
          where(rule, r.failure()), limits.timeout().toMillis(), q);
      case ALLOCATION -> drops.count(Drops.Kind.RULE_ALLOCATION, "{}: rule allocated more than {} bytes on {} and was stopped",
          where(rule, r.failure()), limits.allocation(), q);
      case BUSY -> drops.count(Drops.Kind.RULE_BUSY, "{}: every rule thread busy; SERVFAIL for {}", rule.where(), q);
    }
    return SERVFAIL;
  }

  /** Where in the file the body failed, else where the rule was declared. */
  private static String where(Rule rule, Throwable e) {
    if (e == null) {
      return rule.where();
    }
    String at = RuleLoader.where(e, rule.file());
    return at.equals(rule.file()) ? rule.where() : at;
  }
}
