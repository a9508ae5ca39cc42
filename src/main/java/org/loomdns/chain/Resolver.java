package org.loomdns.chain;

/**
 * One stage of the chain. A stage answers (an {@link Outcome.Answer}, which may carry a failure
 * rcode), passes ({@link Outcome#PASS}) or drops ({@link Outcome#DROP}). It is called from many
 * virtual threads at once and may block.
 */
public interface Resolver {

  /** A short name for logs: "authority", "cache", "dynamic", "forwarder". */
  String name();

  Outcome resolve(Query query) throws Exception;

  /** Whether this stage answers by recursing, which makes the server set RA in every reply. */
  default boolean recurses() {
    return false;
  }
}
