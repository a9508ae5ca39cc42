package org.loomdns.chain;

/**
 * A stage some of whose answers depend on the question alone, never on who asked, over what, or
 * the rest of the request. It is the only way an answer becomes reusable: the chain asks this
 * first, and the server may send the reply to this question again, to anyone the {@link Reuse}
 * allows, without asking the chain. Whatever {@link Resolver#resolve} answers is made afresh for
 * every query. A stage that answers some questions per client (a rule reading the address, a
 * transfer ACL) answers those from {@code resolve} and returns null here.
 */
public interface ReusableAnswers {

  /** This question's answer for anyone, or null when it needs the whole query. */
  Reusable answerFor(Question question);
}
