package org.loomdns.dynamic;

/** A rule file that cannot be served: the message starts with the file and, when known, the line. */
public final class RuleLoadException extends Exception {

  public RuleLoadException(String where, String problem) {
    super(where + ": " + problem);
  }
}
