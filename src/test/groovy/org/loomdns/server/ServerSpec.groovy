package org.loomdns.server

import org.loomdns.support.Dig
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Opcode
import org.xbill.DNS.Rcode
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.AutoCleanup
import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification

/** The header, EDNS and transport rules every reply follows, through real sockets. */
class ServerSpec extends Specification {

  static final String ZONE = '''
$ORIGIN example.org.
$TTL 300
@     SOA ns1 hostmaster 1 7200 3600 1209600 60
@     NS  ns1
ns1   A   192.0.2.53
www   A   192.0.2.80
big   TXT "''' + ('x' * 200) + '''"
big   TXT "''' + ('y' * 200) + '''"
big   TXT "''' + ('z' * 200) + '''"
'''

  @Shared @AutoCleanup TestServer server = TestServer.withZones([ZONE])

  /** After anything odd, the server must still answer a plain question. */
  void stillServes() {
    def m = Wire.udp(server.port, Wire.query('www.example.org'))
    assert m != null && m.rcode == Rcode.NOERROR
    assert m.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.80']
  }

  def "a reply echoes the ID, opcode, RD and question, sets QR, and sets AA but not RA for our zones"() {
    when:
    def reply = Wire.udp(server.port, Wire.query('WWW.Example.ORG', Type.A, [id: id, rd: rd]))

    then:
    reply.header.ID == id
    reply.header.opcode == Opcode.QUERY
    reply.header.getFlag(Flags.QR)
    reply.header.getFlag(Flags.RD) == rd
    reply.header.getFlag(Flags.AA)
    !reply.header.getFlag(Flags.RA)
    reply.question.name.toString() == 'WWW.Example.ORG.'

    where:
    id    | rd
    0     | true
    1     | false
    65535 | true
  }

  def "an opcode other than QUERY is answered NOTIMP with the opcode echoed"() {
    when:
    def reply = Wire.udp(server.port, Wire.query('www.example.org', Type.A, [opcode: opcode, id: 77]))

    then:
    reply.header.ID == 77
    reply.rcode == Rcode.NOTIMP
    reply.header.opcode == opcode

    where:
    opcode << [Opcode.IQUERY, Opcode.STATUS, Opcode.NOTIFY, Opcode.UPDATE]
  }

  def "a message with #count questions gets FORMERR and the server goes on"() {
    given:
    def m = new Message(4242)
    (0..<count).each { m.addRecord(org.xbill.DNS.Record.newRecord(org.xbill.DNS.Name.fromString("q${it}.example.org."), Type.A, DClass.IN), Section.QUESTION) }

    when:
    def reply = Wire.udp(server.port, m.toWire())

    then:
    reply.header.ID == 4242
    reply.rcode == Rcode.FORMERR
    stillServes()

    where:
    count << [0, 2]
  }

  def "#what is #fate and the server goes on"() {
    when:
    def reply = Wire.udp(server.port, bytes as byte[], 700)

    then:
    (reply == null) == (fate == 'dropped')
    reply == null || (reply.rcode == Rcode.FORMERR && reply.header.ID == 0x1234)
    stillServes()

    where:
    what                           | bytes                                        || fate
    'an empty datagram'            | []                                           || 'dropped'
    'a 5-byte header'              | [0x12, 0x34, 0x01, 0x00, 0x00]               || 'dropped'
    'a reply (QR=1)'               | replyBytes()                                 || 'dropped'
    'a compression-pointer loop'   | pointerLoop()                                || 'answered FORMERR'
    'a question cut short'         | [0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x77] || 'answered FORMERR'
    'random bytes after a header'  | [0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0] + randomBytes(200) || 'answered FORMERR'
  }

  def "random datagrams never stop the server"() {
    given:
    def random = new Random(7)

    when:
    200.times {
      def b = new byte[random.nextInt(64)]
      random.nextBytes(b)
      def s = new DatagramSocket()
      s.send(new DatagramPacket(b, b.length, InetAddress.getByName('127.0.0.1'), server.port))
      s.close()
    }

    then:
    stillServes()
  }

  def "EDNS: the reply has an OPT record exactly when the query had one, with our payload size"() {
    when:
    def plain = Wire.udp(server.port, Wire.query('www.example.org'))
    def edns = Wire.udp(server.port, Wire.query('www.example.org', Type.A, [edns: 4096, ednsFlags: 0x8000]))

    then:
    plain.OPT == null
    edns.OPT != null
    edns.OPT.payloadSize == 1232
    edns.OPT.version == 0
    (edns.OPT.flags & 0x8000) != 0 // DO is copied back (RFC 3225)
  }

  def "EDNS version 1 is answered BADVERS with an OPT of version 0"() {
    when:
    def reply = Wire.udp(server.port, Wire.query('www.example.org', Type.A, [edns: 1232, ednsVersion: 1]))

    then:
    reply.rcode == Rcode.BADVERS
    reply.OPT.version == 0
    reply.getSection(Section.ANSWER).isEmpty()
  }

  def "an answer too big for #limit bytes of UDP is sent with TC=1 and whole over TCP"() {
    when:
    def udp = Wire.udp(server.port, Wire.query('big.example.org', Type.TXT, opts))

    then:
    udp.header.getFlag(Flags.TC)
    udp.toWire().length <= limit

    when:
    def tcp = server.query('big.example.org', Type.TXT, [tcp: true])

    then:
    !tcp.header.getFlag(Flags.TC)
    tcp.getSection(Section.ANSWER).size() == 3

    where:
    limit | opts
    512   | [:]
    512   | [edns: 100] // a payload below 512 counts as 512 (RFC 6891 section 6.2.5)
  }

  def "a client's EDNS payload is capped at the configured maximum"() {
    given:
    def small = TestServer.withZones([ZONE], [maxUdpPayload: 600])

    when:
    def reply = Wire.udp(small.port, Wire.query('big.example.org', Type.TXT, [edns: 4096]))

    then:
    reply.header.getFlag(Flags.TC)
    reply.toWire().length <= 600
    reply.OPT.payloadSize == 600

    cleanup:
    small?.close()
  }

  def "dnsjava's resolver retries a truncated answer over TCP and gets it whole"() {
    when:
    def reply = server.query('big.example.org', Type.TXT)

    then:
    !reply.header.getFlag(Flags.TC)
    reply.getSection(Section.ANSWER).size() == 3
  }

  def "class #name: #result"() {
    when:
    def reply = Wire.udp(server.port, Wire.query(qname, Type.TXT, [dclass: dclass]))

    then:
    reply.rcode == rcode
    reply.getSection(Section.ANSWER).size() == answers

    where:
    name  | qname            | dclass     || rcode          | answers | result
    'CH'  | 'version.bind'   | DClass.CH  || Rcode.NOERROR  | 1       | 'version.bind tells our version'
    'CH'  | 'version.server' | DClass.CH  || Rcode.NOERROR  | 1       | 'version.server tells our version'
    'CH'  | 'hostname.bind'  | DClass.CH  || Rcode.REFUSED  | 0       | 'other names are refused'
    'HS'  | 'www.example.org'| DClass.HS  || Rcode.REFUSED  | 0       | 'refused: we serve IN only'
    'ANY' | 'www.example.org'| DClass.ANY || Rcode.REFUSED  | 0       | 'refused: we serve IN only'
  }

  def "a name in none of our zones is REFUSED when no other stage answers"() {
    expect:
    Wire.udp(server.port, Wire.query('www.example.net')).rcode == Rcode.REFUSED
  }

  def "TCP: pipelined queries on one connection are each answered"() {
    given:
    def socket = Wire.tcp(server.port)
    def ids = (1..20).collect { 1000 + it }
    def names = ['www.example.org', 'ns1.example.org', 'nope.example.org']

    when:
    def out = new ByteArrayOutputStream()
    ids.eachWithIndex { id, i -> out.write(Wire.framed(Wire.query(names[i % 3], Type.A, [id: id]))) }
    socket.outputStream.write(out.toByteArray())
    def replies = ids.collect { Wire.readFramed(socket) }

    then:
    replies*.header*.ID.sort() == ids
    replies.every { it.header.getFlag(Flags.QR) }
    replies.find { it.header.ID == 1003 }.rcode == Rcode.NXDOMAIN

    cleanup:
    socket?.close()
  }

  def "TCP: a length prefix and a message that arrive in pieces are put together"() {
    given:
    def socket = Wire.tcp(server.port)
    def framed = Wire.framed(Wire.query('www.example.org', Type.A, [id: 99]))

    when:
    socket.outputStream.with {
      write(framed, 0, 1); flush(); Thread.sleep(100)
      write(framed, 1, 5); flush(); Thread.sleep(100)
      write(framed, 6, framed.length - 6); flush()
    }
    def reply = Wire.readFramed(socket)

    then:
    reply.header.ID == 99
    reply.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.80']

    cleanup:
    socket?.close()
  }

  def "TCP: a connection that goes quiet is closed after the idle timeout"() {
    given:
    def quick = TestServer.withZones([ZONE], [tcpIdleTimeout: java.time.Duration.ofSeconds(1)])
    def socket = Wire.tcp(quick.port)
    socket.soTimeout = 20_000

    when:
    socket.outputStream.write(Wire.framed(Wire.query('www.example.org')))
    def first = Wire.readFramed(socket)
    def next = Wire.readFramed(socket)

    then:
    first.rcode == Rcode.NOERROR
    next == null // end of stream: the server closed it

    cleanup:
    socket?.close()
    quick?.close()
  }

  def "TCP: garbage on one connection does not disturb another"() {
    given:
    def bad = Wire.tcp(server.port)
    def good = Wire.tcp(server.port)

    when:
    bad.outputStream.write([0x00, 0x05, 1, 2, 3, 4, 5, 0xff, 0xff] as byte[])
    good.outputStream.write(Wire.framed(Wire.query('www.example.org', Type.A, [id: 5])))

    then:
    Wire.readFramed(good).header.ID == 5

    cleanup:
    bad?.close()
    good?.close()
  }

  @IgnoreIf({ !Dig.available() })
  def "dig gets answers over UDP and over TCP"() {
    expect:
    server.dig('www.example.org', 'A', '+short').trim() == '192.0.2.80'
    server.dig('+tcp', 'www.example.org', 'A', '+short').trim() == '192.0.2.80'
  }

  @IgnoreIf({ !Dig.available() })
  def "dig retries a truncated UDP answer over TCP"() {
    when:
    def out = server.dig('+noedns', 'big.example.org', 'TXT')

    then:
    out.contains('Truncated, retrying in TCP mode')
    out.contains('ANSWER: 3')
  }

  private static byte[] replyBytes() {
    def b = Wire.query('www.example.org')
    b[2] |= 0x80
    b
  }

  /** A question name that is a pointer to itself. */
  private static byte[] pointerLoop() {
    [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01] as byte[]
  }

  private static List<Integer> randomBytes(int n) {
    def r = new Random(3)
    (1..n).collect { r.nextInt(256) }
  }
}
