package org.loomdns.server

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Resolver
import org.loomdns.chain.ResolverChain
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.ExtendedFlags
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.TXTRecord
import org.xbill.DNS.Type
import spock.lang.Shared
import spock.lang.Specification

/**
 * ANY over UDP gets one RRset (RFC 8482), so that it is no lever for reflection attacks; over TCP
 * it gets every RRset. The packet cache keeps the two apart.
 */
class MinimalAnySpec extends Specification {

  static final String SIGNED = '''\
$ORIGIN signed.test.
$TTL 300
@    SOA ns hostmaster 1 7200 3600 1209600 300
     NS  ns
ns   A   192.0.2.53
www  A   192.0.2.80
     TXT "a text"
     RRSIG A 13 3 300 20300101000000 20200101000000 12345 signed.test. AAAA
     RRSIG TXT 13 3 300 20300101000000 20200101000000 12345 signed.test. BBBB
'''

  @Shared TestServer server

  def setupSpec() {
    server = TestServer.withZones([Files.readString(Path.of('zones/example.com.zone')), SIGNED])
  }

  def cleanupSpec() {
    server?.close()
  }

  def "ANY over UDP at example.com's apex #edns gets its A record alone, at most three times the query's size"() {
    given:
    byte[] query = Wire.query('example.com.', Type.ANY, opts)

    when: 'asked over UDP, TCP, then both again (the second time from the packet cache)'
    byte[] udp = overUdp(query)
    Message tcp = Wire.readFramedAfter(server.port, query)
    byte[] udpAgain = overUdp(query)
    Message tcpAgain = Wire.readFramedAfter(server.port, query)

    then:
    [udp, udpAgain].every { it.length <= 3 * query.length }
    [udp, udpAgain].every { answer(new Message(it)) == ['example.com. A'] }
    !new Message(udp).header.getFlag(Flags.TC)
    [tcp, tcpAgain].every {
      answer(it) == ['example.com. SOA', 'example.com. NS', 'example.com. NS', 'example.com. MX', 'example.com. A',
                     'example.com. AAAA', 'example.com. TXT']
    }

    where:
    edns                 | opts
    'without EDNS'       | [:]
    'with EDNS'          | [edns: 1232]
    'with EDNS and DO'   | [edns: 1232, ednsFlags: ExtendedFlags.DO]
    'with a 4096 buffer' | [edns: 4096]
  }

  def "ANY over UDP #with DO gets the RRset of the lowest type #andSignatures"() {
    when:
    Message reply = new Message(overUdp(Wire.query('www.signed.test.', Type.ANY, [edns: 1232, ednsFlags: flags])))

    then:
    answer(reply) == expected

    where:
    with      | flags            | andSignatures            | expected
    'without' | 0                | 'and no signature'       | ['www.signed.test. A']
    'with'    | ExtendedFlags.DO | 'and its signature only' | ['www.signed.test. A', 'www.signed.test. RRSIG A']
  }

  def "an MX chosen for ANY keeps the address of its exchange in the additional section, nothing else"() {
    given:
    def other = stageServer()

    when:
    Message reply = new Message(overUdp(Wire.query('mail-only.example.', Type.ANY), other.port))

    then:
    answer(reply) == ['mail-only.example. MX']
    reply.getSection(Section.ADDITIONAL)*.name*.toString() == ['mx.example.']

    cleanup:
    other?.close()
  }

  def "ANY answered by a stage that is no zone is cut over UDP too, and stays whole over TCP"() {
    given:
    def other = stageServer()
    byte[] query = Wire.query('many.example.', Type.ANY)

    when:
    Message udp = new Message(overUdp(query, other.port))
    Message tcp = Wire.readFramedAfter(other.port, query)

    then:
    answer(udp) == ['many.example. A', 'many.example. A']
    answer(tcp) == ['many.example. TXT', 'many.example. A', 'many.example. A']

    cleanup:
    other?.close()
  }

  def "with UDP replies allowed 65,535 bytes, the packet cache still keeps the UDP and TCP answers to ANY apart"() {
    given:
    def big = TestServer.withZones([Files.readString(Path.of('zones/example.com.zone'))], [maxUdpPayload: 65535])
    byte[] query = Wire.query('example.com.', Type.ANY, [edns: 65535])

    when:
    Message udp = new Message(overUdp(query, big.port))
    Message tcp = Wire.readFramedAfter(big.port, query)
    Message udpAgain = new Message(overUdp(query, big.port))

    then:
    answer(udp).size() == 1
    answer(tcp).size() == 7
    answer(udpAgain).size() == 1

    cleanup:
    big?.close()
  }

  def "a query for one type is not cut, whatever its size"() {
    expect:
    answer(Wire.udp(server.port, Wire.query('example.com.', Type.NS))).size() == 2
  }

  /** A chain whose one stage answers ANY with every RRset, as a forwarder relays an upstream's answer. */
  static TestServer stageServer() {
    Resolver stage = [name: { 'dynamic' }, resolve: { Query q ->
      Name n = q.name()
      if (n.toString() == 'mail-only.example.') {
        Record mx = Record.fromString(n, Type.MX, DClass.IN, 60, '10 mx.example.', Name.root)
        return new Outcome.Answer(Rcode.NOERROR, true, [new TXTRecord(n, DClass.IN, 60, 'x' * 200), mx],
            [], [new ARecord(Name.fromString('mx.example.'), DClass.IN, 60, InetAddress.getByName('192.0.2.25')),
                 new ARecord(Name.fromString('other.example.'), DClass.IN, 60, InetAddress.getByName('192.0.2.26'))])
      }
      new Outcome.Answer(Rcode.NOERROR, true, [
          new TXTRecord(n, DClass.IN, 60, 'x' * 200),
          new ARecord(n, DClass.IN, 60, InetAddress.getByName('192.0.2.1')),
          new ARecord(n, DClass.IN, 60, InetAddress.getByName('192.0.2.2'))], [], [])
    }] as Resolver
    TestServer.withChain(ResolverChain.builder().dynamic(stage).build())
  }

  byte[] overUdp(byte[] query, int port = server.port) {
    Wire.udpBytes(port, query)
  }

  static List<String> answer(Message m) {
    m.getSection(Section.ANSWER).collect {
      "${it.name} ${Type.string(it.type)}${it.type == Type.RRSIG ? ' ' + Type.string(it.typeCovered) : ''}".toString()
    }
  }
}
