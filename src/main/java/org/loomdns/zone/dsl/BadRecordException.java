package org.loomdns.zone.dsl;

/** A record constructor was called with something that is not a record: says what and why. */
public final class BadRecordException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int line;

  public BadRecordException(String message) {
    this(message, 0);
  }

  /** @param line the script line of the call, when the stack cannot tell it (0: not known) */
  public BadRecordException(String message, int line) {
    super(message);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
