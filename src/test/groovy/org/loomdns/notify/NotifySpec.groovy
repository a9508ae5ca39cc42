package org.loomdns.notify

import java.time.Duration
import org.loomdns.support.TestServer
import org.loomdns.tsig.TsigKeys
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Opcode
import org.xbill.DNS.Rcode
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Specification

/** NOTIFY out, received by a fake secondary on a loopback socket that answers or stays silent. */
class NotifySpec extends Specification {

  static final TsigKeys KEYS = TsigKeys.parse(['xfr-key:' + Base64.encoder.encodeToString('0123456789abcdef0123456789abcdef'.bytes)])

  static String zone(long serial, String nsBlock = '') {
    """\$ORIGIN notify.example.
\$TTL 300
@    SOA ns1 hostmaster ${serial} 7200 3600 1209600 60
@    NS  ns1
ns1  A   192.0.2.53
${nsBlock}
"""
  }

  /** A socket on 127.0.0.1 that collects NOTIFYs, answering each when {@code answer} says so. */
  static class FakeSecondary implements AutoCloseable {
    final DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))
    final List<Message> received = Collections.synchronizedList([])
    final List<byte[]> wires = Collections.synchronizedList([])
    final Thread reader

    FakeSecondary(boolean answer, org.loomdns.tsig.TsigKey key = null) {
      socket.soTimeout = 100
      reader = Thread.ofVirtual().start {
        def buf = new byte[65535]
        while (!socket.closed) {
          def p = new DatagramPacket(buf, buf.length)
          try {
            socket.receive(p)
          } catch (SocketTimeoutException ignored) {
            continue
          } catch (SocketException ignored) {
            return
          }
          byte[] wire = Arrays.copyOf(buf, p.length)
          def m = new Message(wire)
          received << m
          wires << wire
          if (answer) {
            def r = new Message(m.header.ID)
            r.header.setFlag(Flags.QR)
            r.header.setFlag(Flags.AA)
            r.header.opcode = Opcode.NOTIFY
            r.addRecord(m.question, Section.QUESTION)
            if (key != null) {
              r.setTSIG(key.tsig(), Rcode.NOERROR, m.TSIG)
            }
            byte[] out = r.toWire(65535)
            socket.send(new DatagramPacket(out, out.length, p.socketAddress))
          }
        }
      }
    }

    int getPort() { socket.localPort }

    /** Waits (bounded) until {@code n} messages have come; returns them. */
    List<Message> await(int n, long millis = 5000) {
      long end = System.nanoTime() + millis * 1_000_000
      while (received.size() < n && System.nanoTime() < end) {
        Thread.sleep(20)
      }
      new ArrayList<>(received)
    }

    @Override
    void close() {
      socket.close()
      reader.join(2000)
    }
  }

  static List<Duration> waits(long... millis) {
    millis.collect { Duration.ofMillis(it) }
  }

  def "a new serial is notified once to a target that answers: opcode NOTIFY, AA, the zone's SOA as question and hint"() {
    given:
    def fake = new FakeSecondary(true)
    def notifier = new Notifier([NotifyTarget.parse("127.0.0.1:${fake.port}", KEYS)], false, 53, waits(2000, 2000))

    when:
    notifier.changed(TestServer.loadBind(zone(1)), TestServer.loadBind(zone(2)))
    def got = fake.await(1)
    Thread.sleep(2500) // past the first wait: a second try would have come, were the answer ignored

    then:
    fake.received.size() == 1
    with(got[0]) {
      header.opcode == Opcode.NOTIFY
      header.getFlag(Flags.AA)
      !header.getFlag(Flags.QR)
      question.name == Name.fromString('notify.example.')
      question.type == Type.SOA
      getSection(Section.ANSWER)*.type == [Type.SOA]
      getSection(Section.ANSWER)[0].serial == 2
      TSIG == null
    }

    cleanup:
    notifier?.close()
    fake?.close()
  }

  def "an unanswered NOTIFY is sent again after each wait, then given up: #tries tries"() {
    given:
    def fake = new FakeSecondary(false)
    def notifier = new Notifier([NotifyTarget.parse("127.0.0.1:${fake.port}", KEYS)], false, 53, waits(*([100L] * tries)))

    when:
    notifier.changed(TestServer.loadBind(zone(1)), TestServer.loadBind(zone(2)))
    fake.await(tries)
    Thread.sleep(100L * tries + 500) // past the last wait

    then:
    fake.received.size() == tries
    fake.received*.header*.ID.toSet().size() == 1

    cleanup:
    notifier?.close()
    fake?.close()

    where:
    tries << [1, 3]
  }

  def "a NOTIFY to a target with a key is signed with it, and the signed answer ends the tries"() {
    given:
    def key = KEYS.find(Name.fromString('xfr-key.'))
    def fake = new FakeSecondary(true, key)
    def notifier = new Notifier([NotifyTarget.parse("127.0.0.1:${fake.port}/key:xfr-key", KEYS)], false, 53, waits(2000, 2000))

    when:
    notifier.changed(TestServer.loadBind(zone(1)), TestServer.loadBind(zone(2)))
    fake.await(1)
    Thread.sleep(2500)

    then:
    fake.received.size() == 1
    fake.received[0].TSIG.name == Name.fromString('xfr-key.')
    key.tsig().verify(fake.received[0], fake.wires[0], null) == Rcode.NOERROR

    cleanup:
    notifier?.close()
    fake?.close()
  }

  def "nothing is notified when #what"() {
    given:
    def fake = new FakeSecondary(true)
    def notifier = new Notifier([NotifyTarget.parse("127.0.0.1:${fake.port}", KEYS)], false, 53, waits(200))

    when:
    notifier.changed(previous == null ? null : TestServer.loadBind(zone(previous)), current == null ? null : TestServer.loadBind(zone(current)))
    Thread.sleep(500)

    then:
    fake.received.empty

    cleanup:
    notifier?.close()
    fake?.close()

    where:
    what                                | previous | current
    'the serial stays the same'         | 5        | 5
    'the zone is withdrawn'             | 5        | null
  }

  def "a newer serial ends the retries for the older one"() {
    given:
    def fake = new FakeSecondary(false)
    def notifier = new Notifier([NotifyTarget.parse("127.0.0.1:${fake.port}", KEYS)], false, 53, waits(300, 300, 300, 300, 300))

    when:
    notifier.changed(TestServer.loadBind(zone(1)), TestServer.loadBind(zone(2)))
    fake.await(1)
    notifier.changed(TestServer.loadBind(zone(2)), TestServer.loadBind(zone(3)))
    fake.await(6, 4000)
    Thread.sleep(500)
    def serials = fake.received.collect { it.getSection(Section.ANSWER)[0].serial }

    then: 'once serial 3 is sent, serial 2 is not sent again'
    serials.count(3L) == 5
    serials.findLastIndexOf { it == 2L } < serials.indexOf(3L)

    cleanup:
    notifier?.close()
    fake?.close()
  }

  def "--notify-ns adds the zone's NS hosts' addresses, except the SOA's primary and hosts outside the zone"() {
    given:
    def z = TestServer.loadBind(zone(1, '''@ NS ns2
@ NS ns3
@ NS ns.elsewhere.example.
ns2 A 127.0.0.2
ns2 AAAA ::1
ns3 A 127.0.0.3
'''))
    def explicit = NotifyTarget.parse('127.0.0.3:53/key:xfr-key', KEYS)

    when:
    def targets = new Notifier([explicit], true, 53, waits(100)).targetsFor(z)

    then:
    targets*.toString().sort() == ['127.0.0.2#53', '127.0.0.3#53 key xfr-key.', '::1#53']
  }

  def "--notify-ns sends to the NS host's address the zone gives"() {
    given:
    def fake = new FakeSecondary(true)
    def notifier = new Notifier([], true, fake.port, waits(500))

    when:
    notifier.changed(null, TestServer.loadBind(zone(7, '@ NS ns2\nns2 A 127.0.0.1\n')))

    then:
    fake.await(1)*.getSection(Section.ANSWER)*.getAt(0)*.serial == [7]

    cleanup:
    notifier?.close()
    fake?.close()
  }

  def "--notify #text is read as #expected"() {
    expect:
    NotifyTarget.parse(text, KEYS).toString() == expected

    where:
    text                            || expected
    '192.0.2.1'                     || '192.0.2.1#53'
    '192.0.2.1:5300'                || '192.0.2.1#5300'
    '2001:db8::1'                   || '2001:db8::1#53'
    '[2001:db8::1]:5300'            || '2001:db8::1#5300'
    '192.0.2.1:5300/key:xfr-key'    || '192.0.2.1#5300 key xfr-key.'
  }

  def "a bad --notify is a clear error: #text"() {
    when:
    NotifyTarget.parse(text, KEYS)

    then:
    def e = thrown(IllegalArgumentException)
    e.message.contains(says)

    where:
    text                        || says
    'ns1.example.com'           || '--notify takes ADDRESS[:PORT][/key:NAME]'
    '192.0.2.1:0'               || '--notify takes ADDRESS[:PORT][/key:NAME]'
    '192.0.2.1:http'            || '--notify takes ADDRESS[:PORT][/key:NAME]'
    '[2001:db8::1'              || '--notify takes ADDRESS[:PORT][/key:NAME]'
    '192.0.2.1/key:nokey'       || 'names TSIG key nokey, which no --tsig-key defines'
  }
}
