package org.loomdns.support

import java.util.concurrent.atomic.AtomicInteger
import org.loomdns.chain.Generation
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Question
import org.loomdns.chain.Resolver
import org.loomdns.chain.Reusable
import org.loomdns.chain.ReusableAnswers

/**
 * A stage of the chain that counts the queries it answers or is handed whole, and leaves
 * everything else to {@code inner}: a reusable answer counts once, a question it has none for
 * counts when the whole query comes.
 */
class Counted implements Resolver, ReusableAnswers {

  private final String name
  private final Resolver inner
  private final AtomicInteger asked

  private Counted(String name, Resolver inner, AtomicInteger asked) {
    this.name = name
    this.inner = inner
    this.asked = asked
  }

  static Resolver stage(String name, Resolver inner, AtomicInteger asked) {
    new Counted(name, inner, asked)
  }

  String name() { name }

  boolean recurses() { inner.recurses() }

  Generation passesWhile() { inner.passesWhile() }

  Reusable answerFor(Question question) {
    Reusable r = inner instanceof ReusableAnswers ? inner.answerFor(question) : null
    if (r != null) asked.incrementAndGet()
    r
  }

  Outcome resolve(Query q) {
    asked.incrementAndGet()
    inner.resolve(q)
  }

  Outcome resolveInFront(Query q, Resolver.Later later) {
    asked.incrementAndGet()
    inner.resolveInFront(q, later)
  }
}
