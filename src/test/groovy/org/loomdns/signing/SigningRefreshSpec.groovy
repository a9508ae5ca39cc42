package org.loomdns.signing

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.support.SignedZones
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.SimpleResolver
import org.xbill.DNS.TSIG
import org.xbill.DNS.Type
import org.xbill.DNS.Update
import spock.lang.Specification

/**
 * The re-signing of a zone signed online and its dynamic updates are one writer: with signatures
 * valid 40 seconds (--dnssec-validity), re-signs come every 20 seconds or so while clients stream
 * updates in; no two versions share a serial, the serial never goes down, and after kill -9 the
 * restarted server serves every acknowledged update at a serial not below any served before.
 */
class SigningRefreshSpec extends Specification {

  static final Name ORIGIN = Name.fromString('resign.example.')
  static final String SECRET = Base64.encoder.encodeToString(('signing-refresh-secret!!' * 2).bytes)

  def "re-signs and updates streaming in take turns: serials only go up, and kill -9 loses neither"() {
    given:
    Path dir = Scratch.dir('signing-refresh')
    Path keys = Files.createDirectory(dir.resolve('keys'))
    Path file = dir.resolve('resign.example.zone')
    Files.writeString(file, '''$ORIGIN resign.example.
$TTL 300
@    SOA ns1 hostmaster 1 7200 3600 1209600 60
@    NS  ns1
ns1  A   192.0.2.53
''')
    int port = LoomProcess.freePort()
    List<String> args = ['--bindzone', file, '--dnssec-keys', keys, '--dnssec-validity', 40, '-i', '127.0.0.1',
        '-p', port, '--allow-transfer', '127.0.0.1', '--tsig-key', "hmac-sha256:ddns:${SECRET}", '--allow-update',
        'ddns'].collect { it.toString() }
    def server = LoomProcess.start(args)
    assert server.awaitOutput('serving with stages', 60), server.output
    def acknowledged = new ConcurrentLinkedQueue<String>()
    def served = new ConcurrentLinkedQueue<Long>()
    def stop = new AtomicBoolean()
    def pool = Executors.newFixedThreadPool(5)

    when: 'four clients add names, paced, and a fifth watches the serial, until two re-signs went by'
    4.times { t ->
      pool.submit {
        def r = resolver(port, true)
        for (int i = 0; i < 1000 && !stop.get(); i++) {
          String owner = "c${t}-${i}"
          def u = new Update(ORIGIN)
          u.add(Name.fromString(owner, ORIGIN), Type.A, 60, "10.${t}.${i >> 8}.${i & 255}")
          try {
            if (r.send(u).rcode == Rcode.NOERROR) {
              acknowledged << owner
            }
          } catch (IOException ignored) {
            // the server died under this one: it was never acknowledged
          }
          Thread.sleep(40)
        }
      }
    }
    pool.submit {
      def r = resolver(port, false)
      while (!stop.get()) {
        try {
          served << serial(r)
        } catch (IOException ignored) {
          // killed
        }
        Thread.sleep(20)
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90)
    while (server.output.findAll(/re-signed zone resign\.example\./).size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(100)
    }
    stop.set(true)
    pool.shutdown()
    pool.awaitTermination(30, TimeUnit.SECONDS)
    String live = SignedZones.run(dir, ['dig', '@127.0.0.1', '-p', port as String, ORIGIN.toString(), 'AXFR', '+onesoa'])
    Files.writeString(dir.resolve('live.zone'), live)
    server.process.destroyForcibly() // SIGKILL: no shutdown hook, no compaction
    server.process.waitFor(10, TimeUnit.SECONDS)
    String before = server.output
    def restarted = LoomProcess.start(args)
    assert restarted.awaitOutput('serving with stages', 60), restarted.output
    def q = resolver(port, false)
    List<String> missing = acknowledged.toList().findAll { owner ->
      q.send(Message.newQuery(Record.newRecord(Name.fromString(owner, ORIGIN), Type.A, 1))).getSection(Section.ANSWER).empty
    }
    List<Long> serials = served.toList()
    String axfr = SignedZones.run(dir, ['dig', '@127.0.0.1', '-p', port as String, ORIGIN.toString(), 'AXFR', '+onesoa'])
    Files.writeString(dir.resolve('axfr.zone'), axfr)

    then: 'two re-signs came in the middle of the updates, and no version reused a serial'
    before.findAll(/re-signed zone resign\.example\./).size() >= 2
    acknowledged.size() >= 100
    !before.contains('is not greater than')

    and: 'the version served after the updates and re-signs, batches of updates among them, is fully signed'
    SignedZones.run(dir, ['dnssec-verify', '-o', ORIGIN.toString(), 'live.zone'], false).contains('Zone fully signed')

    and: 'the serial only went up'
    serials.size() > 10
    (1..<serials.size()).every { serials[it] >= serials[it - 1] }

    and: 'after kill -9, every acknowledged update is served, at a serial not below any served before'
    missing == []
    serial(q) >= serials.max()
    serial(q) >= 1 + acknowledged.size() + 2
    restarted.output.contains('replayed')
    SignedZones.run(dir, ['dnssec-verify', '-o', ORIGIN.toString(), 'axfr.zone'], false).contains('Zone fully signed')

    cleanup:
    pool?.shutdownNow()
    server?.close()
    restarted?.close()
  }

  static SimpleResolver resolver(int port, boolean signed) {
    def r = new SimpleResolver('127.0.0.1')
    r.port = port
    r.timeout = Duration.ofSeconds(3)
    if (signed) {
      r.TSIGKey = new TSIG(TSIG.HMAC_SHA256, 'ddns.', SECRET)
    }
    r
  }

  static long serial(SimpleResolver r) {
    r.send(Message.newQuery(Record.newRecord(ORIGIN, Type.SOA, 1))).getSection(Section.ANSWER)[0].serial
  }
}
