package org.loomdns.cli

import com.sun.management.HotSpotDiagnosticMXBean
import java.lang.management.ManagementFactory
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/**
 * A start that fails half way (in the test kit, in process) closes what it had opened: no
 * journal compactor, re-signer or log writer is left running for a server that never started.
 */
class FailedStartSpec extends Specification {

  @TempDir Path dir

  def "a start that fails at #failing leaves no #thread thread behind"() {
    given:
    Path zone = dir.resolve('example.com.zone')
    Files.copy(Path.of('zones/example.com.zone'), zone)
    Files.createDirectories(dir.resolve('keys'))
    ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())
    def args = options.collect {
      it.replace('ZONE', zone.toString()).replace('KEYS', dir.resolve('keys').toString())
          .replace('LOG', dir.resolve('queries.log').toString()).replace('BUSY', "127.0.0.1:${busy.localPort}")
          .replace('MISSING', dir.resolve('missing').toString())
    }
    int before = running(thread)

    when:
    Serving.onLoopback(args)

    then:
    Serving.SetupException e = thrown()
    e.message.contains(failing)
    gone(thread, before)

    cleanup:
    busy?.close()

    where:
    failing        | options                                                                  || thread
    'missing'      | ['--bindzone', 'ZONE', '--hosts-file', 'MISSING']                         || 'journal-compaction'
    'missing'      | ['--bindzone', 'ZONE', '--dnssec-keys', 'KEYS', '--hosts-file', 'MISSING'] || 'dnssec-refresh'
    'bogus'        | ['--query-log', 'LOG', '--dnstap', 'bogus:x']                            || 'loomdns-query log'
    '127.0.0.1'    | ['--query-log', 'LOG', '--metrics', 'BUSY']                              || 'loomdns-query log'
  }

  /** Threads of this name, virtual ones included (a JSON thread dump lists them). */
  private int running(String name) {
    Path dump = dir.resolve("threads-${System.nanoTime()}.json")
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean)
        .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON)
    Files.readString(dump).findAll(/"name": "([^"]*)"/) { all, n -> n }.count { it == name }
  }

  /** Closing interrupts; the thread may take a moment to end. */
  private boolean gone(String name, int before) {
    for (int i = 0; i < 50; i++) {
      if (running(name) <= before) {
        return true
      }
      Thread.sleep(100)
    }
    false
  }
}
