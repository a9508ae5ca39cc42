package org.loomdns.chain;

import java.net.InetSocketAddress;

/**
 * One stage of the chain. A stage answers (an {@link Outcome.Answer}, which may carry a failure
 * rcode), passes ({@link Outcome#PASS}) or drops ({@link Outcome#DROP}). It is called from many
 * virtual threads at once and may block.
 */
public interface Resolver {

  /** A short name for logs: "authority", "cache", "dynamic", "forwarder". */
  String name();

  Outcome resolve(Query query) throws Exception;

  /**
   * Resolves with the stages after this one in reach. The chain calls this, not
   * {@link #resolve(Query)}; every stage but a cache keeps this default. A cache overrides it so
   * that it can keep what a later stage (the forwarder) answers, fetch again before an entry
   * expires, and fall back to a stale entry when the later stages fail (RFC 8767). Whatever it
   * returns ends the walk, as from any stage; a stage that has asked {@code later} must not then
   * pass, or the later stages would run twice.
   *
   * <p>Named apart from {@code resolve} so that a Groovy map or closure coerced to a Resolver
   * still means {@code resolve} alone. This is the chain's one concession to a cache: the alternative, the chain telling earlier
   * stages what later ones answered, could not let a cache prefetch or serve stale data, and a
   * cache that held the later stages itself would break the one fixed order the chain owns.
   */
  default Outcome resolveInFront(Query query, Later later) throws Exception {
    return resolve(query);
  }

  /**
   * The stages after one stage, run as the chain runs them. Safe to call again later and from
   * another thread (a prefetch), as it holds no state of the query that handed it over.
   */
  @FunctionalInterface
  interface Later {
    ResolverChain.Resolution resolve(Query query);
  }

  /**
   * What this stage's passes depend on, asked before each query: while the generation returned is
   * current the stage passes the same questions again, so a reusable answer from a later stage
   * stays reusable. Null, the default, when the stage cannot promise that; nothing answered after
   * it is then reused.
   */
  default Generation passesWhile() {
    return null;
  }

  /** Whether this stage answers by recursing, for some clients at least. */
  default boolean recurses() {
    return false;
  }

  /**
   * Whether this stage recurses for {@code client}: the server sets RA in exactly the replies to
   * clients for whom some stage does (RFC 1035 section 4.1.1), so a client refused recursion is
   * not told it is available.
   */
  default boolean recursesFor(InetSocketAddress client) {
    return recurses();
  }
}
