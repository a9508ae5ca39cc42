package org.loomdns.support

import java.util.concurrent.TimeUnit

/**
 * loomdns run as a user runs it: its own JVM, our classes, arguments, exit code and output. Used
 * where the process boundary is the point (exit codes, signals, stderr).
 */
class LoomProcess implements AutoCloseable {

  final Process process
  final File log

  private LoomProcess(List<String> args, File workDir, List<String> jvmArgs, List<String> launcher = []) {
    log = Scratch.file('loomdns', '.log').toFile()
    String java = System.getProperty("java.home") + "/bin/java"
    process = new ProcessBuilder((launcher + [java] + jvmArgs + ['-cp', System.getProperty('java.class.path'), 'org.loomdns.cli.Main'] + args).collect { it.toString() })
        .directory(workDir)
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start()
  }

  static LoomProcess start(List<String> args, File workDir = new File('.'), List<String> jvmArgs = []) {
    new LoomProcess(args, workDir, jvmArgs)
  }

  /** Started by another program, as in {@code nohup java ...}. */
  static LoomProcess startUnder(List<String> launcher, List<String> args) {
    new LoomProcess(args, new File('.'), [], launcher)
  }

  /** Runs to completion (bounded); returns [exit code, output]. */
  static List run(List<String> args, File workDir = new File('.')) {
    def p = new LoomProcess(args, workDir, [])
    if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
      p.process.destroyForcibly()
      throw new IllegalStateException("loomdns ${args} did not finish")
    }
    [p.process.exitValue(), p.log.text]
  }

  String getOutput() { log.text }

  /** Waits (bounded) until the output contains {@code text}. */
  boolean awaitOutput(String text, long seconds = 30) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
    while (System.nanoTime() < end) {
      if (log.text.contains(text)) return true
      if (!process.alive) return log.text.contains(text)
      Thread.sleep(50)
    }
    false
  }

  void signal(String name) {
    new ProcessBuilder('kill', '-' + name, process.pid().toString()).start().waitFor(10, TimeUnit.SECONDS)
  }

  /** Waits (bounded) for the exit; returns the exit code, or null when it is still running. */
  Integer awaitExit(long seconds = 30) {
    process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null
  }

  @Override
  void close() {
    if (process.alive) {
      process.destroyForcibly()
      process.waitFor(10, TimeUnit.SECONDS)
    }
  }

  /** A free port for UDP and TCP alike, as far as one can tell beforehand. */
  static int freePort() {
    for (int i = 0; i < 50; i++) {
      def udp = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))
      int port = udp.localPort
      try {
        new ServerSocket(port, 1, InetAddress.getByName('127.0.0.1')).close()
        return port
      } catch (IOException ignored) {
      } finally {
        udp.close()
      }
    }
    throw new IllegalStateException('no free port')
  }
}
