package org.loomdns.chain;

import java.net.InetSocketAddress;

/**
 * Whether, and how, the server may send an answer's encoded reply again to the same question
 * without asking the chain. A stage attaches one to an answer that depends on the question alone
 * (the zones' answers until a reload; the cache's while its entry lasts); the server asks it on
 * every repeat of the question.
 */
@FunctionalInterface
public interface Reuse {

  /** What {@link #age} says when the reply may not be sent again. */
  long NOT_NOW = -1;

  /**
   * {@link #NOT_NOW} when the reply may not go to {@code client} now; otherwise the whole seconds
   * since the reply was made, by which every TTL in it is to be counted down (always 0 for zone
   * data, whose TTLs stand still).
   */
  long age(InetSocketAddress client);

  /** This reuse, but only while {@code generation} is current. */
  default Reuse onlyWhile(Generation generation) {
    return client -> generation.current() ? age(client) : NOT_NOW;
  }
}
