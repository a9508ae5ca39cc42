package org.loomdns.update

import java.util.concurrent.TimeUnit

/** nsupdate and knsupdate as a user runs them: commands on stdin, the exit code and what they print. */
class Nsupdate {

  static List run(List<String> command, String input) {
    def p = new ProcessBuilder(command).redirectErrorStream(true).start()
    p.outputStream.withWriter { it << input }
    String out = p.inputStream.text
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly()
      throw new IllegalStateException("${command} did not finish")
    }
    [p.exitValue(), out]
  }
}
