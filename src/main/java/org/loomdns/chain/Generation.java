package org.loomdns.chain;

/**
 * The data a stage answered from. While it is current the same question gets the same answer, so
 * the server may send an encoded reply again instead of asking the chain; the stage ends it the
 * moment that data is replaced. One volatile flag, because every query thread reads it and the
 * reload thread writes it once.
 */
public final class Generation {

  private volatile boolean current = true;

  public boolean current() {
    return current;
  }

  /** From now on, nothing answered from this data may be reused. */
  public void end() {
    current = false;
  }
}
