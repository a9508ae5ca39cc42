package org.loomdns.zone.dsl;

/** A mistake in a pyzone file, at a line: the loader turns it into {@code file:line: message}. */
final class PyError extends RuntimeException {

  private final int line;

  PyError(int line, String message) {
    super(message, null, false, false);
    this.line = line;
  }

  int line() {
    return line;
  }
}
