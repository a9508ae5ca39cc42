package org.loomdns.dynamic;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.loomdns.chain.Outcome;

/**
 * The platform threads rule bodies run on, a fixed number of them with a short queue. A virtual
 * thread is never pre-empted: a body that cannot be interrupted (one huge allocation, a regex
 * reached through a String method, a long native call) would hold one of the few carrier threads
 * every query runs on until it ends. The OS pre-empts a platform thread, so such a body costs CPU
 * and one rule thread, not the server; and the JVM counts what a platform thread allocates.
 *
 * <p>The query's thread waits for the result until the deadline (plus {@link #GRACE}, so that a body
 * stopped by its interrupt can say where, on a busy machine too) and then answers without it, even
 * if the body has not stopped. A run waits in the queue no longer than its deadline, so the queue is long enough for
 * a server at full load. When every thread is still busy with a body past its deadline, a query is
 * answered at once; and so it is when half the threads are busy with that rule's bodies past their
 * deadlines, so that a rule whose bodies no interrupt stops cannot take every thread from the others.
 */
final class RuleThreads {

  /** Runs that may wait for a thread: as many UDP queries as the server answers at once by default. */
  private static final int QUEUE = 10_000;
  private static final long GRACE = 10 * Deadline.TICK.toNanos();

  /** How a run ended. */
  enum End { ANSWERED, FAILED, TIMEOUT, ALLOCATION, BUSY }

  /** What the query's thread learns: an outcome when ANSWERED, what was thrown when FAILED (or stopped). */
  record Result(End end, Outcome outcome, Throwable failure) {}

  private static final Result BUSY = new Result(End.BUSY, null, null);

  private final ThreadPoolExecutor pool;
  private final long allocationLimit;
  /** Bodies of one rule that may go on past their deadlines before its queries are refused at once. */
  private final int overrunsPerRule;
  private final int threads;
  /** Bodies of every rule still running past their deadlines. */
  private final AtomicInteger overruns = new AtomicInteger();

  /**
   * @param threads how many bodies may run at once
   * @param allocationLimit bytes one body may allocate; 0 for no limit
   */
  RuleThreads(int threads, long allocationLimit) {
    this.allocationLimit = allocationLimit;
    this.overrunsPerRule = Math.max(1, threads / 2);
    this.threads = threads;
    if (threads == 0) {
      this.pool = null;
      return;
    }
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE),
        r -> Thread.ofPlatform().daemon().name("loomdns rule " + n.incrementAndGet()).unstarted(r));
    // Idle threads end, so a stage replaced or unused holds none; one waits for the first query.
    this.pool.allowCoreThreadTimeOut(true);
    this.pool.prestartCoreThread();
  }

  /** Runs {@code rule}'s body on a rule thread and waits for it until {@code due} (a nanoTime). */
  Result run(Rule rule, Question q, Captures m, long due) {
    if (pool == null) {
      // --script-threads 0: on the query's own virtual thread, as fast as a rule can be, bounded by
      // the interrupt alone; no allocation limit (the JVM counts none for a virtual thread).
      try (Deadline d = Deadline.until(due, 0)) {
        return attempt(rule, q, m, d);
      }
    }
    if (overruns.get() >= threads || rule.overruns().get() >= overrunsPerRule) {
      return BUSY;
    }
    Run run = new Run(rule, q, m, due, allocationLimit, overruns);
    try {
      pool.execute(run);
    } catch (RejectedExecutionException e) {
      return BUSY;
    }
    return run.await();
  }

  /** Runs the body under {@code d}, on whichever thread calls it, and says how it ended. */
  private static Result attempt(Rule rule, Question q, Captures m, Deadline d) {
    try {
      Outcome o = Replies.of(rule.body().run(q, m));
      return d.stopped() == Deadline.Stop.ALLOCATION ? new Result(End.ALLOCATION, null, null) : new Result(End.ANSWERED, o, null);
    } catch (Exception | StackOverflowError e) { // not OutOfMemoryError: that ends the process (log.OutOfMemory)
      Deadline.Stop why = d.stopped();
      End end = why == null ? End.FAILED : why == Deadline.Stop.TIME ? End.TIMEOUT : End.ALLOCATION;
      return new Result(end, null, e);
    }
  }

  /** One body for one query; the state says who has it, so exactly one side reports its end. */
  private static final class Run implements Runnable {

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int ABANDONED = 3;

    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private final Thread waiter = Thread.currentThread();
    private final Rule rule;
    private final Question q;
    private final Captures m;
    private final long due;
    private final long allocationLimit;
    private final AtomicInteger allOverruns;
    /** Written by the rule thread before DONE, read by the waiter after it. */
    private Result result;
    private volatile Deadline deadline;

    Run(Rule rule, Question q, Captures m, long due, long allocationLimit, AtomicInteger allOverruns) {
      this.allOverruns = allOverruns;
      this.rule = rule;
      this.q = q;
      this.m = m;
      this.due = due;
      this.allocationLimit = allocationLimit;
    }

    @Override
    public void run() {
      if (!state.compareAndSet(QUEUED, RUNNING)) {
        return; // its query was answered while it waited for a thread
      }
      Result r;
      try (Deadline d = Deadline.until(due, allocationLimit)) {
        deadline = d;
        r = RuleThreads.attempt(rule, q, m, d);
      }
      result = r;
      if (state.compareAndSet(RUNNING, DONE)) {
        LockSupport.unpark(waiter);
      } else {
        // the waiter counted it when it gave up on it
        rule.overruns().decrementAndGet();
        allOverruns.decrementAndGet();
      }
    }


    Result await() {
      long until = due + GRACE;
      while (state.get() < DONE && !Thread.currentThread().isInterrupted()) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          break;
        }
        LockSupport.parkNanos(this, left);
      }
      if (state.compareAndSet(QUEUED, ABANDONED)) {
        return BUSY;
      }
      if (state.compareAndSet(RUNNING, ABANDONED)) {
        rule.overruns().incrementAndGet();
        allOverruns.incrementAndGet();
        Deadline d = deadline;
        return new Result(d != null && d.seen() == Deadline.Stop.ALLOCATION ? End.ALLOCATION : End.TIMEOUT, null, null);
      }
      return result;
    }
  }
}
