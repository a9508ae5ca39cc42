package org.loomdns.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM stop the server in order (and so exit 0, not 130/143); SIGHUP reloads.
 * sun.misc.Signal is the JDK's supported way (module jdk.unsupported) to handle HUP at all.
 */
final class Signals {

  private Signals() {}

  /**
   * Blocks until SIGINT or SIGTERM, running {@code onHangup} for each SIGHUP meanwhile;
   * {@code ready} runs once every handler is in place, so whoever it tells may signal at once.
   */
  static void awaitStop(Runnable onHangup, Runnable ready) {
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    try {
      // One reload at a time, in the order asked: a slower earlier reload must not win.
      ReentrantLock reloading = new ReentrantLock(true);
      SignalHandler before = Signal.handle(new Signal("HUP"), s -> Thread.ofVirtual().start(() -> {
        reloading.lock();
        try {
          onHangup.run();
        } finally {
          reloading.unlock();
        }
      }));
      // The JVM keeps a signal ignored at start ignored, and says so only through the handler it returns.
      if (before == SignalHandler.SIG_IGN) {
        Logger.warn("SIGHUP is ignored in this process (was it started under nohup?): it will not reload;"
            + " start it without nohup, or restart it to reload");
      }
    } catch (IllegalArgumentException e) {
      Logger.warn("SIGHUP cannot be handled here ({}); reload by restarting", e.getMessage());
    }
    ready.run();
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
