package org.loomdns.journal

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
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

/** kill -9 in the middle of a burst of updates loses none that was acknowledged. */
class KillNineSpec extends Specification {

  static final Name ORIGIN = Name.fromString('dyn.example.')
  static final String SECRET = Base64.encoder.encodeToString((1..32).collect { it as byte } as byte[])

  Path zoneFile

  def setup() {
    zoneFile = Scratch.dir('kill-nine').resolve('dyn.example.zone')
    Files.writeString(zoneFile, '''$ORIGIN dyn.example.
$TTL 300
@    SOA ns1 hostmaster 1 7200 3600 1209600 60
@    NS  ns1
ns1  A   192.0.2.53
''')
  }

  LoomProcess start(int port) {
    def server = LoomProcess.start(['--bindzone', zoneFile.toString(), '-i', '127.0.0.1', '-p', port as String,
        '--tsig-key', "hmac-sha256:ddns:${SECRET}".toString(), '--allow-update', 'ddns'])
    assert server.awaitOutput('serving with stages', 60)
    server
  }

  SimpleResolver resolver(int port, boolean signed) {
    def r = new SimpleResolver('127.0.0.1')
    r.port = port
    r.timeout = Duration.ofSeconds(3)
    if (signed) {
      r.TSIGKey = new TSIG(TSIG.HMAC_SHA256, 'ddns.', SECRET)
    }
    r
  }

  def "every update acknowledged before kill -9 is served after the restart, and the serial is where the last left it"() {
    given:
    int port = LoomProcess.freePort()
    def server = start(port)
    def acknowledged = new ConcurrentLinkedQueue<String>()
    def serials = new ConcurrentLinkedQueue<Long>()
    def stop = new AtomicBoolean()
    def pool = Executors.newFixedThreadPool(8)

    when: 'eight clients send updates, each adding a name of its own, until the server is killed'
    8.times { t ->
      pool.submit {
        def r = resolver(port, true)
        for (int i = 0; i < 400 && !stop.get(); i++) {
          String owner = "c${t}-${i}"
          def u = new Update(ORIGIN)
          u.add(Name.fromString(owner, ORIGIN), Type.A, 60, "10.${t}.${i >> 8}.${i & 255}")
          try {
            Message reply = r.send(u)
            if (reply.rcode == Rcode.NOERROR) {
              acknowledged << owner
            }
          } catch (IOException ignored) {
            // the server died under this one: it was never acknowledged
          }
        }
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
    while (acknowledged.size() < 300 && System.nanoTime() < deadline) {
      Thread.sleep(10)
    }
    server.process.destroyForcibly() // SIGKILL: no shutdown hook, no compaction
    server.process.waitFor(10, TimeUnit.SECONDS)
    stop.set(true)
    pool.shutdown()
    pool.awaitTermination(30, TimeUnit.SECONDS)
    def restarted = start(port)
    def q = resolver(port, false)
    List<String> missing = acknowledged.toList().findAll { owner ->
      def reply = q.send(Message.newQuery(Record.newRecord(Name.fromString(owner, ORIGIN), Type.A, 1)))
      reply.getSection(Section.ANSWER).empty
    }
    def soa = q.send(Message.newQuery(Record.newRecord(ORIGIN, Type.SOA, 1))).getSection(Section.ANSWER)[0]

    then:
    acknowledged.size() >= 50
    missing == []
    soa.serial >= 1 + acknowledged.size()
    restarted.output.contains('replayed')

    cleanup:
    pool?.shutdownNow()
    server?.close()
    restarted?.close()
  }
}
