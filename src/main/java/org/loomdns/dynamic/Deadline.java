package org.loomdns.dynamic;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts the thread that started it if it is still running rule code when the time is up. Rule
 * files are compiled with Groovy's ThreadInterrupt checks, so loops and closures in them stop on the
 * interrupt. {@link #close} guarantees the interrupt never outlives the rule code: a stray interrupt
 * on a query's thread would close the socket it answers on.
 *
 * <p>One watchdog thread looks at the runs in progress every {@link #TICK}, so a rule may run up to
 * one tick past its limit. Starting and closing a deadline only adds to and removes from a
 * concurrent set: a timer task per run would wake the timer thread twice per query, and at tens of
 * thousands of queries a second those wake-ups cost more than the rules.
 */
final class Deadline implements AutoCloseable {

  private static final Duration TICK = Duration.ofMillis(5);

  /** The runs in progress; the watchdog only reads it and calls {@link #fire}. */
  private static final Set<Deadline> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Thread.ofPlatform().daemon().name("loomdns rule deadline").start(Deadline::watch);
  }

  private final Thread thread = Thread.currentThread();
  private final long due;
  // Guarded by this: the watchdog interrupts only while the owner is still inside rule code.
  private boolean running = true;
  private boolean fired;

  private Deadline(Duration limit) {
    this.due = System.nanoTime() + limit.toNanos();
  }

  static Deadline start(Duration limit) {
    Deadline d = new Deadline(limit);
    RUNNING.add(d);
    return d;
  }

  private static void watch() {
    while (true) {
      try {
        TimeUnit.NANOSECONDS.sleep(TICK.toNanos());
      } catch (InterruptedException e) {
        return; // nobody interrupts this thread; if someone does, the JVM is going away
      }
      long now = System.nanoTime();
      for (Deadline d : RUNNING) {
        if (now - d.due >= 0) {
          d.fire();
        }
      }
    }
  }

  private synchronized void fire() {
    if (running && !fired) {
      fired = true;
      thread.interrupt();
    }
  }

  /** Whether the time ran out (and the thread was interrupted). */
  synchronized boolean expired() {
    return fired;
  }

  /** Stops the watch; when it had fired, clears the interrupt it sent. Call on the starting thread. */
  @Override
  public void close() {
    RUNNING.remove(this);
    boolean clear;
    synchronized (this) {
      running = false;
      clear = fired;
    }
    if (clear) {
      Thread.interrupted();
    }
  }
}
