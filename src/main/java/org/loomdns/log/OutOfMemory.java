package org.loomdns.log;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends the process at the first {@link OutOfMemoryError} that reaches the top of a thread. A JVM
 * that has run out of heap once is no server any more: threads that failed to allocate died
 * half-way through their work, and it may stop answering while it stays alive, so no supervisor
 * would restart it. One line goes straight to stderr (the log's writer thread may never get to
 * it) and the process halts with {@link #EXIT_CODE}, skipping shutdown hooks that might wait on
 * the very threads that died.
 */
public final class OutOfMemory {

  /** The exit code after running out of memory. */
  public static final int EXIT_CODE = 1;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
  /** Several threads often run out together; the first one's line is the one line. */
  private static final AtomicBoolean TOLD = new AtomicBoolean();

  private OutOfMemory() {}

  /** Makes every thread's uncaught OutOfMemoryError end the process; other throwables print as before. */
  public static void install() {
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
      if (e instanceof OutOfMemoryError oom) {
        halt(oom, thread.isVirtual() ? "a query's thread" : "thread " + thread.getName());
      }
      System.err.print("Exception in thread \"" + thread.getName() + "\" ");
      e.printStackTrace(System.err);
    });
  }

  /** Writes the one line and halts; never returns. */
  public static void halt(OutOfMemoryError e, String where) {
    if (!TOLD.compareAndSet(false, true)) {
      // The first thread is writing the line and halting: wait for it, so its line is written.
      for (;;) {
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException ignored) {
          // halting anyway
        }
      }
    }
    try {
      PrintStream err = System.err;
      err.println(LocalDateTime.now().format(TIME) + " ERROR: out of memory in " + where + " (" + e.getMessage()
          + "); stopping now with exit code " + EXIT_CODE + " (raise -Xmx, or lower --cache-size)");
      err.flush();
    } finally {
      Runtime.getRuntime().halt(EXIT_CODE);
    }
  }
}
