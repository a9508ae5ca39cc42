package org.loomdns.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import org.tinylog.Logger;

/** What a start has opened so far: closed again, last first, unless the start got through and kept it. */
final class Opened implements AutoCloseable {

  private final Deque<AutoCloseable> items = new ArrayDeque<>();

  <T extends AutoCloseable> T add(T item) {
    items.push(item);
    return item;
  }

  /** The start got through: the server owns all of it now. */
  void keep() {
    items.clear();
  }

  @Override
  public void close() {
    while (!items.isEmpty()) {
      try {
        items.pop().close();
      } catch (Exception e) {
        Logger.warn("closing after a failed start: {}", e.toString());
      }
    }
  }
}
