package org.loomdns.dynamic;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts the thread that started it if it is still running rule code when the time is up. Rule
 * files are compiled with Groovy's ThreadInterrupt checks, so loops and closures in them stop on the
 * interrupt. {@link #close} guarantees the interrupt never outlives the rule code: a stray interrupt
 * on a query's thread would close the socket it answers on.
 */
final class Deadline implements AutoCloseable {

  /** One daemon thread times every rule run; it only ever calls interrupt(). */
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final Thread thread = Thread.currentThread();
  private final ScheduledFuture<?> alarm;
  // Guarded by this: the alarm interrupts only while the owner is still inside rule code.
  private boolean running = true;
  private boolean fired;

  private Deadline(Duration limit) {
    this.alarm = TIMER.schedule(this::fire, limit.toNanos(), TimeUnit.NANOSECONDS);
  }

  static Deadline start(Duration limit) {
    return new Deadline(limit);
  }

  private synchronized void fire() {
    if (running) {
      fired = true;
      thread.interrupt();
    }
  }

  /** Whether the time ran out (and the thread was interrupted). */
  synchronized boolean expired() {
    return fired;
  }

  /** Stops the alarm; when it had fired, clears the interrupt it sent. Call on the starting thread. */
  @Override
  public void close() {
    alarm.cancel(false);
    boolean clear;
    synchronized (this) {
      running = false;
      clear = fired;
    }
    if (clear) {
      Thread.interrupted();
    }
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "loomdns rule deadline");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }
}
