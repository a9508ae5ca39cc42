package org.loomdns.chain;

import java.net.InetSocketAddress;

/**
 * When the reply to an answer may be sent again, to the same question, without asking the chain:
 * a stage attaches one to an answer that depends on the question alone, within limits it states
 * here (its data unchanged, the clock, who asks). The server asks on every reuse, so an
 * implementation must be cheap and thread-safe.
 */
@FunctionalInterface
public interface Reuse {

  /** Whether a reply made from the answer may go to {@code client} now. */
  boolean allows(InetSocketAddress client);
}
