package org.loomdns.chain;

import java.util.Objects;

/** An answer made from the question alone, and the terms on which its reply may be sent again. */
public record Reusable(Outcome.Answer answer, Reuse reuse) {

  public Reusable {
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(reuse, "reuse");
  }
}
