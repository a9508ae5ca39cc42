package org.loomdns.update;

/** An update policy file that cannot be used: the message starts with the file and, when known, the line. */
public final class PolicyLoadException extends Exception {

  public PolicyLoadException(String where, String problem) {
    super(where + ": " + problem);
  }
}
