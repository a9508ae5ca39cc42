package org.loomdns.support

import java.util.concurrent.TimeUnit

/** The real dig, as a user runs it. */
class Dig {

  /**
   * Whether dig can run here. CI installs it (.ci/run), so under CI this is always true and a
   * missing dig fails the specs that need it instead of skipping them.
   */
  static boolean available() {
    if (System.getenv('CI')) {
      return true
    }
    try {
      def p = new ProcessBuilder('dig', '-v').redirectErrorStream(true).start()
      p.inputStream.text
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0
    } catch (IOException ignored) {
      return false
    }
  }

  static String run(List<String> args) {
    def p = new ProcessBuilder(['dig', '+time=3', '+tries=1'] + args).redirectErrorStream(true).start()
    String out = p.inputStream.text
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly()
      throw new IllegalStateException("dig ${args} did not finish")
    }
    out
  }
}
