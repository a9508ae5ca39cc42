package org.loomdns.zone.dsl;

/** A record constructor was called with something that is not a record: says what and why. */
public final class BadRecordException extends IllegalArgumentException {

  public BadRecordException(String message) {
    super(message);
  }
}
