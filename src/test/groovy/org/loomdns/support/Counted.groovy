package org.loomdns.support

import java.util.concurrent.atomic.AtomicInteger
import org.loomdns.chain.Query
import org.loomdns.chain.Resolver

/** A stage of the chain that counts the queries handed to it and leaves everything else to {@code inner}. */
class Counted {

  static Resolver stage(String name, Resolver inner, AtomicInteger asked) {
    [name: { name },
     recurses: { inner.recurses() },
     passesWhile: { inner.passesWhile() },
     resolve: { Query q -> asked.incrementAndGet(); inner.resolve(q) },
     resolveInFront: { Query q, Resolver.Later later -> asked.incrementAndGet(); inner.resolveInFront(q, later) }] as Resolver
  }
}
