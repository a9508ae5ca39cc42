package org.loomdns.chain;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A reuse that also ends when any stage that passed the question before it may stop passing it
 * (see {@link Resolver#passesWhile}).
 */
final class GuardedReuse implements Reuse {

  private final Reuse inner;
  private final List<Generation> passes;

  GuardedReuse(Reuse inner, List<Generation> passes) {
    this.inner = inner;
    this.passes = List.copyOf(passes);
  }

  @Override
  public long age(InetSocketAddress client) {
    for (Generation g : passes) {
      if (!g.current()) {
        return NOT_NOW;
      }
    }
    return inner.age(client);
  }
}
