package org.loomdns.support

import java.nio.file.Files
import java.util.concurrent.TimeUnit

/**
 * A real Knot DNS (knotd) on 127.0.0.1 and a free port, serving BIND zone texts from a temporary
 * directory with a configuration of its own. Stopped by its PID on close.
 */
class KnotServer implements AutoCloseable {

  final Process process
  final int port
  final File dir

  private KnotServer(List<String> zoneTexts) {
    dir = Files.createTempDirectory('knot').toFile()
    port = LoomProcess.freePort()
    new File(dir, 'db').mkdir()
    new File(dir, 'run').mkdir()
    def zones = zoneTexts.collect { text ->
      String origin = (text =~ '(?m)^[$]ORIGIN\\s+(\\S+)')[0][1]
      new File(dir, origin + 'zone').text = text
      "  - domain: ${origin}\n    file: \"${origin}zone\"\n"
    }
    def conf = new File(dir, 'knot.conf')
    conf.text = """server:
    rundir: "${dir}/run"
    listen: 127.0.0.1@${port}
log:
  - target: stderr
    any: info
database:
    storage: "${dir}/db"
template:
  - id: default
    storage: "${dir}"
zone:
${zones.join()}"""
    process = new ProcessBuilder('knotd', '-c', conf.path).redirectErrorStream(true)
        .redirectOutput(new File(dir, 'knot.log')).start()
    if (!awaitLog('server started', 30)) {
      close()
      throw new IllegalStateException("knotd did not start: ${log}")
    }
  }

  /** Whether knotd is installed. */
  static boolean available() {
    try {
      def p = new ProcessBuilder('knotd', '--version').redirectErrorStream(true).start()
      p.inputStream.text
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0
    } catch (IOException ignored) {
      return false
    }
  }

  static KnotServer start(List<String> zoneTexts) {
    new KnotServer(zoneTexts)
  }

  String getLog() { new File(dir, 'knot.log').text }

  private boolean awaitLog(String text, long seconds) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
    while (System.nanoTime() < end) {
      if (log.contains(text)) return true
      if (!process.alive) return false
      Thread.sleep(50)
    }
    false
  }

  @Override
  void close() {
    process.destroy()
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly()
      process.waitFor(10, TimeUnit.SECONDS)
    }
  }
}
