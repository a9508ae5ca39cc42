package org.loomdns.server

import java.security.SecureRandom
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.util.concurrent.atomic.AtomicInteger
import javax.crypto.spec.SecretKeySpec
import org.loomdns.acl.Acl
import org.loomdns.authority.AuthorityResolver
import org.loomdns.authority.ZoneSet
import org.loomdns.chain.ResolverChain
import org.loomdns.chain.Transport
import org.loomdns.stats.Drops
import org.loomdns.support.Counted
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.loomdns.tsig.TsigKey
import org.loomdns.tsig.TsigKeys
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.OPTRecord
import org.xbill.DNS.Opcode
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.TSIG
import org.xbill.DNS.TSIGRecord
import org.xbill.DNS.Type
import org.xbill.DNS.ZoneTransferIn
import spock.lang.Specification

/**
 * RFC 8945 on the wire, with dnsjava as the client: signed requests are verified before anything
 * else and answered signed with the same key; failures get NOTAUTH with the TSIG error section
 * 5.2 names, signed only when the key itself was good; a transfer is signed message by message.
 */
class TsigSpec extends Specification {

  static final Name ZONE = Name.fromConstantString('xfr.example.')

  /** TransferSpec's zone, and TXT records big enough to spread an answer over several messages. */
  static String zone(int hosts) {
    def sb = new StringBuilder(org.loomdns.authority.TransferSpec.zone(hosts))
    (1..6).each { sb << "big TXT \"${('t' * 200)}${it}\"\n" }
    sb.toString()
  }

  static String newSecret() {
    byte[] b = new byte[32]
    new SecureRandom().nextBytes(b)
    Base64.encoder.encodeToString(b)
  }

  /** A key as an operator gives it to --tsig-key. */
  static TsigKey key(String alg, String name, String secret = newSecret()) {
    TsigKey.parse("${alg}:${name}:${secret}")
  }

  /** dnsjava's signer for {@code key}'s name and algorithm, with its own secret and clock. */
  static TSIG client(TsigKey key, byte[] secret, Clock clock = Clock.systemUTC()) {
    String jca = 'Hmac' + TSIG.nameToAlgorithm(key.algorithm()).substring('hmac-'.length()).toUpperCase(Locale.ROOT)
    new TSIG(key.algorithm(), key.name(), new SecretKeySpec(secret, jca), clock)
  }

  static byte[] signed(String name, int type, TSIG signer, Map opts = [:]) {
    def q = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN))
    if (opts.opcode != null) q.header.opcode = opts.opcode as int
    if (opts.edns) q.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL)
    q.setTSIG(signer)
    q.toWire(65535)
  }

  static byte[] udp(int port, byte[] query) {
    Wire.udpBytes(port, query)
  }

  static byte[] tcp(int port, byte[] query) {
    def socket = Wire.tcp(port)
    try {
      socket.outputStream.write(Wire.framed(query))
      Wire.readFramedBytes(socket)
    } finally {
      socket.close()
    }
  }

  static byte[] exchange(Transport transport, int port, byte[] query) {
    transport == Transport.TCP ? tcp(port, query) : udp(port, query)
  }

  /** dnsjava's verdict on {@code reply} as the answer to {@code query}. */
  static int verify(TSIG signer, byte[] reply, byte[] query) {
    signer.verify(new Message(reply), reply, new Message(query).getTSIG())
  }

  /** Keys as --tsig-key takes them. */
  static TsigKeys keys(List specs) {
    TsigKeys.parse(specs*.toString())
  }

  static TestServer server(TsigKeys keys, Map opts = [:]) {
    TestServer.withZones([zone(opts.hosts ?: 3)], [keys: keys] + opts)
  }

  def "a query signed with #alg over #transport is answered, and the answer is signed with the same key"() {
    given:
    def secret = newSecret()
    def key = key(alg, 'query-key', secret)
    def server = server(keys(["${alg}:query-key:${secret}"]))
    def signer = client(key, Base64.decoder.decode(secret))
    byte[] query = signed('host2.xfr.example', Type.A, signer)

    when:
    byte[] wire = exchange(transport, server.port, query)
    def reply = new Message(wire)

    then:
    reply.rcode == Rcode.NOERROR
    reply.getSection(Section.ANSWER)*.rdataToString() == ['10.0.0.2']
    reply.TSIG.name == key.name()
    reply.TSIG.algorithm == key.algorithm()
    reply.TSIG.error == Rcode.NOERROR
    verify(signer, wire, query) == Rcode.NOERROR
    server.server.drops().get(Drops.Kind.TSIG_FAILED) == 0

    cleanup:
    server?.close()

    where:
    [alg, transport] << [['hmac-sha256', 'hmac-sha512', 'hmac-sha1'], [Transport.UDP, Transport.TCP]].combinations()
  }

  def "a request signed with #what gets NOTAUTH and TSIG error #errorName, #how"() {
    given:
    def secret = newSecret()
    def ours = key('hmac-sha256', 'our-key', secret)
    def server = server(keys(["hmac-sha256:our-key:${secret}"]))
    def signer = sign(ours, Base64.decoder.decode(secret))
    byte[] query = mangle(signed('host1.xfr.example', Type.A, signer, [edns: true]))

    when:
    byte[] wire = udp(server.port, query)
    def reply = new Message(wire)

    then: 'the question is not answered, and the TSIG, the last record, says why'
    reply.rcode == Rcode.NOTAUTH
    reply.getSection(Section.ANSWER).isEmpty()
    reply.TSIG.error == error
    reply.TSIG.name == new Message(query).TSIG.name
    reply.TSIG.algorithm == new Message(query).TSIG.algorithm
    tsigLast(wire)

    and: 'signed with the key only when the key and MAC were good (RFC 8945 section 5.3.2)'
    if (signedReply) {
      assert verify(signer, wire, query) == Rcode.NOERROR
    } else {
      assert reply.TSIG.signature.length == 0
    }

    and: 'counted'
    server.server.drops().get(Drops.Kind.TSIG_FAILED) == 1

    cleanup:
    server?.close()

    where:
    what                                | error           | signedReply | sign                                                                         | mangle
    'a key we do not have'              | Rcode.BADKEY    | false       | { k, s -> client(key('hmac-sha256', 'other-key'), s) }                       | { it }
    'our key name with another algorithm' | Rcode.BADKEY  | false       | { k, s -> client(key('hmac-sha512', 'our-key'), s) }                         | { it }
    'our key name with another secret'  | Rcode.BADSIG    | false       | { k, s -> client(k, Base64.decoder.decode(newSecret())) }                       | { it }
    'a clock ten minutes ahead'         | Rcode.BADTIME   | true        | { k, s -> client(k, s, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10))) } | { it }
    'a MAC cut to half its length'      | Rcode.BADTRUNC  | true        | { k, s -> client(k, s) }                                                     | { macOf(it, 16) }
    'an algorithm we do not know'       | Rcode.BADKEY    | false       | { k, s -> client(k, s) }                                                     | { rewritten(it, [algorithm: Name.fromString('hmac-unknown.')]) }

    errorName = Rcode.TSIGstring(error)
    how = signedReply ? 'signed' : 'unsigned'
  }

  def "a BADTIME reply carries the client's time as Time Signed and the server's in Other Data"() {
    given:
    def secret = newSecret()
    def server = server(keys(["our-key:${secret}"]))
    def skewed = client(key('hmac-sha256', 'our-key', secret), Base64.decoder.decode(secret),
        Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)))
    byte[] query = signed('host1.xfr.example', Type.A, skewed)

    when:
    TSIGRecord tsig = new Message(udp(server.port, query)).TSIG
    long serverTime = new BigInteger(1, tsig.other).longValueExact()

    then:
    tsig.error == Rcode.BADTIME
    tsig.timeSigned == new Message(query).TSIG.timeSigned
    Math.abs(serverTime - Instant.now().epochSecond) < 60

    cleanup:
    server?.close()
  }

  def "a MAC of #size bytes, which no signer may send, is FORMERR"() {
    given:
    def secret = newSecret()
    def server = server(keys(["our-key:${secret}"]))
    def signer = client(key('hmac-sha256', 'our-key', secret), Base64.decoder.decode(secret))

    when:
    def reply = new Message(udp(server.port, macOf(signed('host1.xfr.example', Type.A, signer), size)))

    then:
    reply.rcode == Rcode.FORMERR
    reply.TSIG == null
    server.server.drops().get(Drops.Kind.TSIG_FAILED) == 1

    cleanup:
    server?.close()

    where:
    size << [8, 15, 33]
  }

  def "the TSIG is checked before the header: a #opcodeName request #what"() {
    given:
    def secret = newSecret()
    def server = server(keys(["our-key:${secret}"]))
    def ours = client(key('hmac-sha256', 'our-key', secret), Base64.decoder.decode(secret))
    def signer = good ? ours : client(key('hmac-sha256', 'our-key'), Base64.decoder.decode(newSecret()))
    byte[] query = signed('xfr.example', Type.SOA, signer, [opcode: Opcode.STATUS])

    when:
    byte[] wire = udp(server.port, query)
    def reply = new Message(wire)

    then:
    reply.rcode == rcode
    good ? verify(ours, wire, query) == Rcode.NOERROR : reply.TSIG.error == Rcode.BADSIG

    cleanup:
    server?.close()

    where:
    good  | rcode         | what
    false | Rcode.NOTAUTH | 'with a bad MAC gets NOTAUTH, not NOTIMP'
    true  | Rcode.NOTIMP  | 'signed with our key gets NOTIMP, signed'

    opcodeName = Opcode.string(Opcode.STATUS)
  }

  def "when --allow-transfer names only a key, #who AXFR is #outcome"() {
    given:
    def secret = newSecret()
    def keys = keys(["xfr-key:${secret}", "other-key:${newSecret()}"])
    def server = server(keys, [transferAcl: Acl.parse(['key:xfr-key'], keys, '--allow-transfer')])
    TSIG signer = by == null ? null : keys.find(Name.fromString(by)).tsig()
    byte[] query = signer == null ? Wire.query('xfr.example', Type.AXFR) : signed('xfr.example', Type.AXFR, signer)

    when:
    byte[] wire = tcp(server.port, query)
    def reply = new Message(wire)

    then:
    reply.rcode == rcode
    (reply.getSection(Section.ANSWER).size() > 0) == (rcode == Rcode.NOERROR)
    signer == null ? reply.TSIG == null : verify(signer, wire, query) == Rcode.NOERROR

    cleanup:
    server?.close()

    where:
    who                                | by           | rcode          | outcome
    'an unsigned'                      | null         | Rcode.REFUSED  | 'refused'
    'one signed with a key not listed' | 'other-key.' | Rcode.REFUSED  | 'refused, signed'
    'one signed with the listed key'   | 'xfr-key.'   | Rcode.NOERROR  | 'answered, signed'
  }

  def "a signed AXFR of #hosts hosts with #alg (#ednsName) comes in #messages, each of which dnsjava's StreamVerifier accepts"() {
    given:
    def secret = newSecret()
    def keys = keys(["${alg}:xfr-key:${secret}"])
    def server = server(keys, [hosts: hosts, transferAcl: Acl.parse(['key:xfr-key'], keys, '--allow-transfer')])
    def signer = client(key(alg, 'xfr-key', secret), Base64.decoder.decode(secret))
    byte[] query = signed('xfr.example', Type.AXFR, signer, [edns: edns])
    def verifier = new TSIG.StreamVerifier(signer, new Message(query).TSIG)
    def socket = Wire.tcp(server.port)

    when:
    socket.outputStream.write(Wire.framed(query))
    List<Integer> verdicts = []
    List<Record> records = []
    int signedMessages = 0
    while (records.size() < 2 || records[-1].type != Type.SOA) {
      byte[] wire = Wire.readFramedBytes(socket)
      def m = new Message(wire)
      verdicts << verifier.verify(m, wire)
      signedMessages += m.TSIG != null && tsigLast(wire) ? 1 : 0
      records.addAll(m.getSection(Section.ANSWER))
    }

    then:
    records.size() == hosts + 4 + 6
    verdicts.every { it == Rcode.NOERROR }
    signedMessages == verdicts.size()
    messages == 'one message' ? verdicts.size() == 1 : verdicts.size() > 1

    cleanup:
    socket?.close()
    server?.close()

    where:
    [hosts, alg, edns] << [[3, 5_000], ['hmac-sha256', 'hmac-sha512', 'hmac-sha1'], [false, true]].combinations()
    messages = hosts == 3 ? 'one message' : 'several messages'
    ednsName = edns ? 'EDNS' : 'no EDNS'
  }

  def "dnsjava's transfer client, given the key, reads a large zone whole"() {
    given:
    def secret = newSecret()
    def keys = keys(["xfr-key:${secret}"])
    def server = server(keys, [hosts: 5_000, transferAcl: Acl.parse(['key:xfr-key'], keys, '--allow-transfer')])

    when:
    def xfr = ZoneTransferIn.newAXFR(ZONE, '127.0.0.1', server.port, client(key('hmac-sha256', 'xfr-key', secret), Base64.decoder.decode(secret)))
    xfr.run()

    then:
    xfr.AXFR
    xfr.getAXFR().size() == 5_000 + 4 + 6

    cleanup:
    server?.close()
  }

  def "a signed reply cut to fit #limit bytes over UDP keeps a valid #alg signature"() {
    given:
    def secret = newSecret()
    def server = server(keys(["${alg}:query-key:${secret}"]))
    def signer = client(key(alg, 'query-key', secret), Base64.decoder.decode(secret))
    def q = Message.newQuery(Record.newRecord(Name.fromString('big.xfr.example.'), Type.TXT, DClass.IN))
    if (edns) {
      q.addRecord(new OPTRecord(limit, 0, 0, 0), Section.ADDITIONAL)
    }
    q.setTSIG(signer)
    byte[] query = q.toWire(65535)

    when:
    byte[] wire = udp(server.port, query)
    def reply = new Message(wire)

    then:
    reply.header.getFlag(Flags.TC)
    wire.length <= limit
    verify(signer, wire, query) == Rcode.NOERROR

    cleanup:
    server?.close()

    where:
    [alg, edns] << [['hmac-sha256', 'hmac-sha512', 'hmac-sha1'], [false, true]].combinations()
    limit = edns ? 1232 : 512
  }

  def "a signed query is neither answered from the packet cache nor kept in it"() {
    given:
    def secret = newSecret()
    def asked = new AtomicInteger()
    def authority = new AuthorityResolver(new ZoneSet([TestServer.loadBind(zone(3))]), [])
    def processor = new QueryProcessor(ResolverChain.builder().authority(Counted.stage('authority', authority, asked)).build(),
        1232, false, 'test', 1000, null, keys(["our-key:${secret}"]), new Drops())
    def signer = client(key('hmac-sha256', 'our-key', secret), Base64.decoder.decode(secret))
    def ask = { byte[] query ->
      byte[] reply = null
      processor.process(query, new InetSocketAddress('127.0.0.1', 5300), Transport.UDP, { reply = it })
      reply
    }
    byte[] query = signed('host1.xfr.example', Type.A, signer)

    expect: 'the packet cache does not take it'
    new PacketCache(1000, 1232).key(query, Transport.UDP) == null

    when: 'the question is asked unsigned twice, then signed twice'
    ask(Wire.query('host1.xfr.example', Type.A))
    ask(Wire.query('host1.xfr.example', Type.A))
    def signedQueries = (1..2).collect { signed('host1.xfr.example', Type.A, signer) }
    def signedReplies = signedQueries.collect { ask(it) }

    then: 'the second unsigned one came from the cache, and each signed one from the chain, signed'
    asked.get() == 3
    [signedReplies, signedQueries].transpose().every { reply, q -> verify(signer, reply, q) == Rcode.NOERROR }

    when: 'asked unsigned again'
    def unsigned = new Message(ask(Wire.query('host1.xfr.example', Type.A)))

    then: 'the cached reply is the unsigned one'
    asked.get() == 3
    unsigned.TSIG == null
  }

  /** Whether the last record of {@code wire} is a TSIG, as RFC 8945 section 4.2 requires. */
  static boolean tsigLast(byte[] wire) {
    def additional = new Message(wire).getSection(Section.ADDITIONAL)
    !additional.isEmpty() && additional[-1].type == Type.TSIG
  }

  /** {@code query} with its TSIG's MAC cut (or padded with zeros) to {@code size} bytes. */
  static byte[] macOf(byte[] query, int size) {
    rewritten(query, [signature: Arrays.copyOf(new Message(query).TSIG.signature, size)])
  }

  /** {@code query} with fields of its TSIG replaced, the rest of it as it was signed. */
  static byte[] rewritten(byte[] query, Map fields) {
    def m = new Message(query)
    TSIGRecord t = m.TSIG
    m.removeRecord(t, Section.ADDITIONAL)
    m.addRecord(new TSIGRecord(t.name, DClass.ANY, 0, (fields.algorithm ?: t.algorithm) as Name, t.timeSigned, t.fudge,
        (fields.signature ?: t.signature) as byte[], t.originalID, t.error, t.other), Section.ADDITIONAL)
    m.toWire()
  }
}
