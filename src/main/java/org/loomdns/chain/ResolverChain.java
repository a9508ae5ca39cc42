package org.loomdns.chain;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.loomdns.log.LogThrottle;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;

/**
 * The stages in their one fixed order: authority, hosts, cache, dynamic, forwarder. The first
 * stage that answers or drops wins; when every stage passes the query is REFUSED. The order is
 * said here, in {@link Builder#build}, and nowhere else: our zones first (what we are authority
 * for is never overridden), then the hosts file before the cache, as Twisted's resolver puts it
 * (the file is local and always current, so a cached upstream answer never hides an edit to it),
 * then rules, then upstreams.
 */
public final class ResolverChain {

  /**
   * The chain's verdict, the name of the stage that gave it ("none" when none did), whether that
   * stage recurses (a cache keeps only what a recursing stage fetched, never what a dynamic script
   * made up for one client), and, when a stage made the answer from the question alone
   * ({@link ReusableAnswers}), the terms on which the server may send its reply again; else null.
   * Only the chain makes one from what a stage answered.
   */
  public record Resolution(Outcome outcome, String stage, boolean recursed, Reuse reuse) {
    public Resolution(Outcome outcome, String stage, boolean recursed) {
      this(outcome, stage, recursed, null);
    }

    public Resolution(Outcome outcome, String stage) {
      this(outcome, stage, false, null);
    }
  }

  private static final Resolution NOBODY =
      new Resolution(Outcome.Answer.failure(Rcode.REFUSED), "none");

  private final List<Resolver> stages;
  private final boolean recursionAvailable;
  /** One per stage, so that a stage that fails on every query does not hide another's failures. */
  private final LogThrottle[] failures;
  private final LogThrottle handlerFailures = new LogThrottle();
  /** Who takes requests of other opcodes than QUERY (NOTIFY, UPDATE), by opcode. */
  private final Map<Integer, Resolver> handlers;

  private ResolverChain(List<Resolver> stages, Map<Integer, Resolver> handlers) {
    this.stages = List.copyOf(stages);
    this.handlers = Map.copyOf(handlers);
    this.recursionAvailable = stages.stream().anyMatch(Resolver::recurses);
    this.failures = this.stages.stream().map(s -> new LogThrottle()).toArray(LogThrottle[]::new);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether any stage recurses for some client. */
  public boolean recursionAvailable() {
    return recursionAvailable;
  }

  /** Whether any stage recurses for {@code client}; the server then sets RA in its replies. */
  public boolean recursionAvailable(InetSocketAddress client) {
    if (!recursionAvailable) {
      return false;
    }
    for (Resolver stage : stages) {
      if (stage.recursesFor(client)) {
        return true;
      }
    }
    return false;
  }

  public List<String> stageNames() {
    return stages.stream().map(Resolver::name).toList();
  }

  /** Whether requests of {@code opcode} have somewhere to go: QUERY always, others when handled. */
  public boolean handles(int opcode) {
    return opcode == Opcode.QUERY || handlers.containsKey(opcode);
  }

  /**
   * A QUERY walks the stages; a request of another opcode goes to its handler alone (NOTIMP when
   * there is none), and its answer is never reusable.
   */
  public Resolution resolve(Query query) {
    if (query.opcode() == Opcode.QUERY) {
      return resolveFrom(0, query);
    }
    Resolver handler = handlers.get(query.opcode());
    if (handler == null) {
      return new Resolution(Outcome.Answer.failure(Rcode.NOTIMP), "server", false);
    }
    try {
      return new Resolution(Objects.requireNonNull(handler.resolve(query), "the handler returned no outcome"),
          handler.name(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Resolution(Outcome.Answer.failure(Rcode.SERVFAIL), handler.name(), false);
    } catch (Exception | StackOverflowError e) {
      handlerFailures.error(e, "{} failed on {} {}: {}", handler.name(), query.name(),
          org.xbill.DNS.Opcode.string(query.opcode()), e.toString());
      return new Resolution(Outcome.Answer.failure(Rcode.SERVFAIL), handler.name(), false);
    }
  }

  /**
   * Walks the stages from {@code first}. Each stage gets the walk from the next one as its
   * {@link Resolver.Later}, so a cache can stand in front of the later stages without the chain
   * or the server knowing what a cache is; when a stage hands back exactly what a later stage
   * gave it, the verdict keeps the later stage's name, so logs tell a cache hit from a fetch.
   */
  private Resolution resolveFrom(int first, Query query) {
    // What the stages that passed promised about passing again (see Resolver#passesWhile): a
    // reusable answer stays reusable only while all of them hold. Null once one promised nothing.
    List<Generation> passed = List.of();
    for (int i = first; i < stages.size(); i++) {
      Resolver stage = stages.get(i);
      int next = i + 1;
      Generation passes = stage.passesWhile();
      // What the later stages said, when this stage asked them. A prefetch that asks again after
      // this walk is over writes into an array nobody reads any more.
      Resolution[] fromLater = new Resolution[1];
      Outcome outcome;
      try {
        Reusable reusable = reusable(stage, query);
        if (reusable != null) {
          Reuse own = stage instanceof Views views ? views.narrowed(reusable.reuse(), query) : reusable.reuse();
          Reuse reuse = passed == null ? null : passed.isEmpty() ? own : new GuardedReuse(own, passed);
          return new Resolution(reusable.answer(), stage.name(), stage.recurses(), reuse);
        }
        outcome = Objects.requireNonNull(stage.resolveInFront(query, q -> fromLater[0] = resolveFrom(next, q)),
            "the stage returned no outcome");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Resolution(Outcome.Answer.failure(Rcode.SERVFAIL), stage.name(), stage.recurses());
      } catch (Exception | StackOverflowError e) { // NullPointerException included: a stage's bug, not the client's
        failures[i].error(e, "{} stage failed on {} {}: {}", stage.name(), query.name(),
            org.xbill.DNS.Type.string(query.type()), e.toString());
        return new Resolution(Outcome.Answer.failure(Rcode.SERVFAIL), stage.name(), stage.recurses());
      }
      if (!(outcome instanceof Outcome.Pass)) {
        // Made from the whole query: never sent again, whatever a later stage said of its own.
        Resolution later = fromLater[0];
        return later != null && later.outcome() == outcome
            ? new Resolution(outcome, later.stage(), later.recursed())
            : new Resolution(outcome, stage.name(), stage.recurses());
      }
      if (passed != null && passes != null) {
        passed = new ArrayList<>(passed);
        passed.add(passes);
      } else {
        passed = null;
      }
    }
    return NOBODY;
  }

  /**
   * The stage's answer from the question alone (of the stage of the client's view, for
   * {@link Views}), when it has one that may go to this client now; else null, and the stage gets
   * the whole query.
   */
  private static Reusable reusable(Resolver stage, Query query) {
    Resolver answering = stage instanceof Views views ? views.stageFor(query) : stage;
    if (!(answering instanceof ReusableAnswers answers) || query.opcode() != Opcode.QUERY) {
      return null;
    }
    Reusable r = answers.answerFor(query.asked());
    return r != null && r.reuse().age(query.client()) != Reuse.NOT_NOW ? r : null;
  }

  /** Builds the chain; each slot is optional but the order is not. */
  public static final class Builder {
    private Resolver authority;
    private Resolver hosts;
    private Resolver cache;
    private Resolver dynamic;
    private Resolver forwarder;
    private final Map<Integer, Resolver> handlers = new HashMap<>();

    public Builder authority(Resolver r) {
      this.authority = r;
      return this;
    }

    public Builder hosts(Resolver r) {
      this.hosts = r;
      return this;
    }

    public Builder cache(Resolver r) {
      this.cache = r;
      return this;
    }

    public Builder dynamic(Resolver r) {
      this.dynamic = r;
      return this;
    }

    public Builder forwarder(Resolver r) {
      this.forwarder = r;
      return this;
    }

    /**
     * Requests of {@code opcode} (not QUERY) go to {@code handler} and nowhere else: NOTIFY to the
     * secondary zones, UPDATE to the zones we are primary for.
     */
    public Builder handler(int opcode, Resolver handler) {
      if (opcode == Opcode.QUERY) {
        throw new IllegalArgumentException("QUERY walks the stages; it has no handler");
      }
      handlers.put(opcode, Objects.requireNonNull(handler));
      return this;
    }

    public ResolverChain build() {
      List<Resolver> in = new ArrayList<>(5);
      for (Resolver r : new Resolver[] {authority, hosts, cache, dynamic, forwarder}) {
        if (r != null) {
          in.add(r);
        }
      }
      return new ResolverChain(in, handlers);
    }
  }
}
