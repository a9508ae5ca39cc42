package org.loomdns.dynamic;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One rule: when it applies, what it does, and where it was written (for every log line about it).
 * Only script bodies run under the deadline: the built-in ones are our own code and cannot loop.
 * {@code overruns} counts its bodies still running past their deadlines.
 */
record Rule(Match match, Body body, String file, int line, boolean script, AtomicInteger overruns) {

  Rule(Match match, Body body, String file, int line, boolean script) {
    this(match, body, file, line, script, new AtomicInteger());
  }

  /** A rule's action: returns an Outcome, records, or null to let the next rule try. */
  @FunctionalInterface
  interface Body {
    Object run(Question q, Captures m) throws Exception;
  }

  String where() {
    return line > 0 ? file + ":" + line : file;
  }
}
