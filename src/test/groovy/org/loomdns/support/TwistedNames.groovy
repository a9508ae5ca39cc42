package org.loomdns.support

import java.util.concurrent.TimeUnit
import org.xbill.DNS.Type

/**
 * Twisted Names 22.4 (Debian's python3-twisted), run as its users run it: {@code python3 -m
 * twisted dns --pyzone FILE ...} on 127.0.0.1 and a free port, in a scratch directory of its own.
 */
class TwistedNames implements AutoCloseable {

  final Process process
  final File log
  final int port

  /** The Python that has Twisted: Debian's, not a pyenv or virtualenv one that PATH may find first. */
  static String python() {
    new File('/usr/bin/python3').canExecute() ? '/usr/bin/python3' : 'python3'
  }

  /** Whether Twisted Names can run here. CI installs it (.ci/run), so under CI a missing one fails. */
  static boolean available() {
    if (System.getenv('CI')) {
      return true
    }
    try {
      def p = new ProcessBuilder(python(), '-c', 'import twisted.names').redirectErrorStream(true).start()
      p.inputStream.text
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0
    } catch (IOException ignored) {
      return false
    }
  }

  /** Starts twisted dns with {@code args} (e.g. --pyzone FILE) and waits (bounded) until it answers {@code probe}. */
  static TwistedNames start(List<String> args, String probe) {
    def t = new TwistedNames(args)
    for (int i = 0; i < 100 && t.process.alive; i++) {
      if (Wire.udp(t.port, Wire.query(probe, Type.SOA), 300) != null) {
        return t
      }
    }
    t.close()
    throw new IllegalStateException("twisted dns ${args} did not start: ${t.log.text.take(2000)}")
  }

  private TwistedNames(List<String> args) {
    port = LoomProcess.freePort()
    File dir = Scratch.dir('twisted').toFile()
    log = new File(dir, 'twisted.log')
    process = new ProcessBuilder([python(), '-m', 'twisted', 'dns', '--interface', '127.0.0.1', '--port', port as String] + args)
        .directory(dir)
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start()
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
