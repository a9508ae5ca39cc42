package org.loomdns.dynamic;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts the thread that started it if it is still running rule code when the time is up, or
 * when it has allocated more than its limit. Rule files are compiled with Groovy's ThreadInterrupt
 * checks (and their {@code =~} reads the text through an interrupt check), so loops, closures and
 * regexes in them stop on the interrupt. {@link #close} guarantees the interrupt never outlives the
 * rule code: a stray interrupt on a thread would fail the next rule it runs, or close the socket a
 * query thread answers on.
 *
 * <p>One watchdog thread looks at the runs in progress every {@link #TICK}, so a rule may run up to
 * one tick past its limit. Starting and closing a deadline only adds to and removes from a
 * concurrent set: a timer task per run would wake the timer thread twice per query, and at tens of
 * thousands of queries a second those wake-ups cost more than the rules.
 *
 * <p>Allocation is what the JVM counts per thread (ThreadMXBean); it counts platform threads only
 * (-1 for a virtual thread, JDK 21 to 25), one of the reasons rule bodies run on platform threads.
 */
final class Deadline implements AutoCloseable {

  static final Duration TICK = Duration.ofMillis(5);

  /** Why a deadline stopped its thread. */
  enum Stop { TIME, ALLOCATION }

  private static final com.sun.management.ThreadMXBean THREADS = allocationCounter();

  /** The runs in progress; the watchdog only reads it and calls {@link #fire}. */
  private static final Set<Deadline> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Thread.ofPlatform().daemon().name("loomdns rule deadline").start(Deadline::watch);
  }

  private final Thread thread = Thread.currentThread();
  private final long due;
  /** Bytes the thread may allocate, 0 for no limit. */
  private final long allocationLimit;
  private final long allocatedAtStart;
  // Guarded by this: the watchdog interrupts only while the owner is still inside rule code.
  private boolean running = true;
  private boolean interrupted;
  private Stop stopped;

  private Deadline(long due, long allocationLimit) {
    this.due = due;
    this.allocationLimit = THREADS == null || thread.isVirtual() ? 0 : allocationLimit;
    this.allocatedAtStart = this.allocationLimit > 0 ? THREADS.getCurrentThreadAllocatedBytes() : 0;
  }

  static Deadline start(Duration limit) {
    return until(System.nanoTime() + limit.toNanos(), 0);
  }

  /**
   * @param due the {@link System#nanoTime} at which the time is up
   * @param allocationLimit bytes the current thread may allocate meanwhile; 0 for no limit
   */
  static Deadline until(long due, long allocationLimit) {
    Deadline d = new Deadline(due, allocationLimit);
    RUNNING.add(d);
    return d;
  }

  /** Whether this JVM can count a thread's allocation (HotSpot and its kin can). */
  static boolean countsAllocation() {
    return THREADS != null;
  }

  private static com.sun.management.ThreadMXBean allocationCounter() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
        && t.isThreadAllocatedMemorySupported()) {
      t.setThreadAllocatedMemoryEnabled(true);
      return t;
    }
    return null;
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
          d.fire(Stop.TIME);
        } else if (d.allocationLimit > 0
            && THREADS.getThreadAllocatedBytes(d.thread.threadId()) - d.allocatedAtStart > d.allocationLimit) {
          d.fire(Stop.ALLOCATION);
        }
      }
    }
  }

  private synchronized void fire(Stop why) {
    if (running && stopped == null) {
      stopped = why;
      interrupted = true;
      thread.interrupt();
    }
  }

  /** Whether the time ran out or the allocation passed its limit (and the thread was interrupted). */
  synchronized boolean expired() {
    return stopped != null;
  }

  /**
   * Why the thread was stopped, or null if it was not. Call on the starting thread: the allocation
   * is checked here too, since a rule can allocate past its limit between two of the watchdog's looks.
   */
  synchronized Stop stopped() {
    if (stopped == null && allocationLimit > 0
        && THREADS.getCurrentThreadAllocatedBytes() - allocatedAtStart > allocationLimit) {
      stopped = Stop.ALLOCATION;
    }
    return stopped;
  }

  /** Why the thread was stopped, as the watchdog saw it; for other threads. */
  synchronized Stop seen() {
    return stopped;
  }

  /** Stops the watch; when it had fired, clears the interrupt it sent. Call on the starting thread. */
  @Override
  public void close() {
    RUNNING.remove(this);
    boolean clear;
    synchronized (this) {
      running = false;
      clear = interrupted;
    }
    if (clear) {
      Thread.interrupted();
    }
  }
}
