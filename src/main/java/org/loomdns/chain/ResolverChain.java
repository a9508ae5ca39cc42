package org.loomdns.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tinylog.Logger;
import org.xbill.DNS.Rcode;

/**
 * The stages in their one fixed order: authority, cache, dynamic, forwarder. The first stage that
 * answers or drops wins; when every stage passes the query is REFUSED.
 */
public final class ResolverChain {

  /** The chain's verdict, and the name of the stage that gave it ("chain" when none did). */
  public record Resolution(Outcome outcome, String stage) {}

  private static final Resolution NOBODY =
      new Resolution(Outcome.Answer.failure(Rcode.REFUSED), "none");

  private final List<Resolver> stages;
  private final boolean recursionAvailable;

  private ResolverChain(List<Resolver> stages) {
    this.stages = List.copyOf(stages);
    this.recursionAvailable = stages.stream().anyMatch(Resolver::recurses);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether any stage recurses; the server then sets RA on every reply. */
  public boolean recursionAvailable() {
    return recursionAvailable;
  }

  public List<String> stageNames() {
    return stages.stream().map(Resolver::name).toList();
  }

  public Resolution resolve(Query query) {
    for (Resolver stage : stages) {
      Outcome outcome;
      try {
        outcome = stage.resolve(query);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Resolution(Outcome.Answer.failure(Rcode.SERVFAIL), stage.name());
      } catch (Exception | StackOverflowError e) {
        Logger.error(e, "{} stage failed on {} {}: {}", stage.name(), query.name(),
            org.xbill.DNS.Type.string(query.type()), e.toString());
        return new Resolution(Outcome.Answer.failure(Rcode.SERVFAIL), stage.name());
      }
      if (!(outcome instanceof Outcome.Pass)) {
        return new Resolution(Objects.requireNonNull(outcome, stage.name()), stage.name());
      }
    }
    return NOBODY;
  }

  /** Builds the chain; each slot is optional but the order is not. */
  public static final class Builder {
    private Resolver authority;
    private Resolver cache;
    private Resolver dynamic;
    private Resolver forwarder;

    public Builder authority(Resolver r) {
      this.authority = r;
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

    public ResolverChain build() {
      List<Resolver> in = new ArrayList<>(4);
      for (Resolver r : new Resolver[] {authority, cache, dynamic, forwarder}) {
        if (r != null) {
          in.add(r);
        }
      }
      return new ResolverChain(in);
    }
  }
}
