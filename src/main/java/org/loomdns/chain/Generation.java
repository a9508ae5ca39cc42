package org.loomdns.chain;

import java.net.InetSocketAddress;

/**
 * The data a stage answered from. While it is current the same question gets the same answer, so
 * the server may send an encoded reply again instead of asking the chain; the stage ends it the
 * moment that data is replaced. One volatile flag, because every query thread reads it and the
 * reload thread writes it once.
 */
public final class Generation implements Reuse {

  private volatile boolean current = true;

  public boolean current() {
    return current;
  }

  /** Any client, with the TTLs as they were, while current. */
  @Override
  public long age(InetSocketAddress client) {
    return current ? 0 : NOT_NOW;
  }

  /** From now on, nothing answered from this data may be reused. */
  public void end() {
    current = false;
  }
}
