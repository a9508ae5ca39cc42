package org.loomdns.server

import java.util.concurrent.atomic.AtomicInteger
import org.loomdns.authority.AuthorityResolver
import org.loomdns.authority.ZoneSet
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Resolver
import org.loomdns.chain.ResolverChain
import org.loomdns.chain.Transport
import org.loomdns.support.Counted
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.ExtendedFlags
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Rcode
import org.xbill.DNS.Type
import spock.lang.Shared
import spock.lang.Specification

/**
 * The packet cache must be invisible: a reply sent again from it is byte for byte the reply the
 * full path would have built for that query, and it is used only while the zones it came from
 * are the ones served.
 */
class PacketCacheSpec extends Specification {

  static final String ZONE = '''\
$ORIGIN example.com.
$TTL 3600
@        IN SOA ns1 hostmaster 1 7200 900 1209600 300
@        IN NS  ns1
ns1      IN A   192.0.2.53
www      IN A   192.0.2.1
www      IN AAAA 2001:db8::1
@        IN MX  10 mail
mail     IN A   192.0.2.25
alias    IN CNAME www
*.users  IN A   192.0.2.99
sub      IN NS  ns.sub
ns.sub   IN A   192.0.2.54
big      IN TXT "''' + ('x' * 200) + '''"
big      IN TXT "''' + ('y' * 200) + '''"
big      IN TXT "''' + ('z' * 200) + '''"
'''

  @Shared AuthorityResolver authority = new AuthorityResolver(new ZoneSet([TestServer.loadBind(ZONE)]), [])

  static QueryProcessor processor(Resolver stage, int packetCache) {
    new QueryProcessor(ResolverChain.builder().authority(stage).build(), 1232, false, 'test', packetCache)
  }

  static byte[] answer(QueryProcessor p, byte[] query, Transport transport = Transport.UDP) {
    byte[] reply = null
    p.process(query, new InetSocketAddress('127.0.0.1', 5300), transport, { reply = it })
    reply
  }

  def "a repeated question about #name #typeName (#opts) is answered from the cache exactly as the full path answers it"() {
    given: 'one processor with the cache and one without'
    def asked = new AtomicInteger()
    def cached = processor(Counted.stage('authority', authority, asked), 1000)
    def full = processor(authority, 0)
    answer(cached, Wire.query(name.toLowerCase(), type, opts + [id: 1, rd: opts.rd == false]))

    when: 'the question comes again, in other letters, with another ID and RD (CD, like DO, is part of the question)'
    byte[] again = answer(cached, Wire.query(name, type, opts + [id: 4242]))

    then: 'the chain was asked only the first time'
    asked.get() == 1

    and: 'the bytes are those the full path builds for this very query'
    again == answer(full, Wire.query(name, type, opts + [id: 4242]))

    where:
    [name, type, opts] << [
        ['www.example.com', 'WWW.Example.COM', 'alias.EXAMPLE.com', 'NoSuch.example.com', 'x.Users.example.com',
         'host.SUB.example.com', 'example.com', 'Big.example.com'],
        [Type.A, Type.AAAA, Type.MX, Type.TXT, Type.ANY],
        [[:], [rd: false], [cd: true], [edns: 1232], [edns: 4096, ednsFlags: ExtendedFlags.DO], [edns: 512], [edns: 100]]
    ].combinations()
    typeName = Type.string(type)
  }

  def "a cache of #size replies keeps at most #size of 200 questions, and always the one just answered"() {
    given:
    def asked = new AtomicInteger()
    def p = processor(Counted.stage('authority', authority, asked), size)
    def names = (1..200).collect { "host${it}.users.example.com" }
    names.each { answer(p, Wire.query(it, Type.A, [:])) }

    when: 'each is asked again, the last first'
    asked.set(0)
    names.reverse().each { answer(p, Wire.query(it, Type.A, [:])) }
    int fromCache = names.size() - asked.get()

    and: 'a new question comes twice'
    asked.set(0)
    2.times { answer(p, Wire.query('new.users.example.com', Type.A, [:])) }

    then:
    fromCache > 0
    fromCache <= size
    asked.get() == 1

    where:
    size << [1, 3, 16, 100]
  }

  def "replies of ever new names under a wildcard of large records take no more than the byte bound"() {
    given: 'a cache of 100 replies, so at most 51,200 bytes, and replies of about 900 bytes'
    def wild = new AuthorityResolver(new ZoneSet([TestServer.loadBind('''$ORIGIN wild.example.
@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300
@ 3600 IN NS ns1
ns1 3600 IN A 192.0.2.53
* 3600 IN TXT "''' + ('x' * 250) + '" "' + ('y' * 250) + '" "' + ('z' * 250) + '''"
''')]), [])
    def full = processor(wild, 0)
    def cache = new PacketCache(100, 1232)

    when: '300 names are answered and kept'
    (1..300).each {
      byte[] q = Wire.query("n${it}.wild.example", Type.TXT, [:])
      byte[] reply = answer(full, q, Transport.TCP)
      cache.remember(cache.key(q, Transport.TCP), reply, new org.loomdns.chain.Generation())
    }

    then: 'some are kept, and all kept stay within the bound'
    cache.held() > 0
    cache.held() <= cache.budget()
    cache.budget() == 100 * PacketCache.BYTES_PER_ENTRY
  }

  def "a reply cut to fit is reused only for a query allowed the same size"() {
    given:
    def asked = new AtomicInteger()
    def p = processor(Counted.stage('authority', authority, asked), 1000)

    when:
    def small = new Message(answer(p, Wire.query('big.example.com', Type.TXT, [:])))
    def large = new Message(answer(p, Wire.query('big.example.com', Type.TXT, [edns: 1232])))
    def overTcp = new Message(answer(p, Wire.query('big.example.com', Type.TXT, [:]), Transport.TCP))

    then:
    small.header.getFlag(Flags.TC)
    !large.header.getFlag(Flags.TC)
    !overTcp.header.getFlag(Flags.TC)
    large.getSection(org.xbill.DNS.Section.ANSWER).size() == 3
    asked.get() == 3
  }

  def "after the zones are replaced the next answer comes from the new zones"() {
    given:
    def zones = new AuthorityResolver(new ZoneSet([TestServer.loadBind(ZONE)]), [])
    def p = processor(zones, 1000)
    answer(p, Wire.query('www.example.com', Type.A, [:]))
    answer(p, Wire.query('www.example.com', Type.A, [:]))

    when:
    zones.served().publish(TestServer.loadBind(ZONE.replace('www      IN A   192.0.2.1', 'www      IN A   192.0.2.111')))
    def reply = new Message(answer(p, Wire.query('www.example.com', Type.A, [:])))

    then:
    reply.getSection(org.xbill.DNS.Section.ANSWER)*.rdataToString() == ['192.0.2.111']
  }

  def "answers a stage makes up per query are never reused"() {
    given: 'a stage whose answers carry no generation'
    def asked = new AtomicInteger()
    Resolver counter = [name: { 'dynamic' }, resolve: { Query q ->
      new Outcome.Answer(Rcode.NOERROR, true, [new ARecord(q.name(), DClass.IN, 60,
          InetAddress.getByAddress([192, 0, 2, asked.incrementAndGet()] as byte[]))], [], [])
    }] as Resolver
    def p = new QueryProcessor(ResolverChain.builder().dynamic(counter).build(), 1232, false, 'test', 1000)

    when:
    def first = new Message(answer(p, Wire.query('n.example', Type.A, [:])))
    def second = new Message(answer(p, Wire.query('n.example', Type.A, [:])))

    then:
    first.getSection(org.xbill.DNS.Section.ANSWER)*.rdataToString() == ['192.0.2.1']
    second.getSection(org.xbill.DNS.Section.ANSWER)*.rdataToString() == ['192.0.2.2']
  }

  def "a query that is #what is never answered from the cache, even when its plain twin is in it"() {
    given: 'the cache holds www.example.com A, with and without EDNS'
    def asked = new AtomicInteger()
    def cached = processor(Counted.stage('authority', authority, asked), 1000)
    def full = processor(authority, 0)
    answer(cached, Wire.query('www.example.com', Type.A, [:]))
    answer(cached, Wire.query('www.example.com', Type.A, [edns: 1232]))
    asked.set(0)

    when:
    byte[] reply = answer(cached, wire)

    then: 'it got what the full path gives it, and the chain was asked whenever the full path asks it'
    reply == answer(full, wire)
    asked.get() == chainAsked

    where:
    what                                        | wire                                                             | chainAsked
    'a question whose name is a pointer loop'   | pointerQuestion()                                                | 0
    'EDNS version 1'                            | Wire.query('www.example.com', Type.A, [edns: 1232, ednsVersion: 1]) | 0
    'followed by stray bytes'                   | Arrays.copyOf(Wire.query('www.example.com', Type.A, [:]), 34) | 1
    'an OPT with an option but a cookie'        | withOption(3, 8, 8)                                              | 1
    'an OPT with a cookie of a bad size'        | withOption(10, 5, 5)                                             | 0
    'an OPT with an option longer than its OPT' | withOption(10, 8, 3)                                             | 0
    'a query with two questions'                | twoQuestions()                                                   | 0
    'of class CH'                               | Wire.query('www.example.com', Type.A, [dclass: DClass.CH])       | 0
    'an IQUERY'                                 | Wire.query('www.example.com', Type.A, [opcode: 1])               | 0
  }

  def "a query with a well-formed client cookie is answered from the cache"() {
    given:
    def asked = new AtomicInteger()
    def cached = processor(Counted.stage('authority', authority, asked), 1000)
    def full = processor(authority, 0)

    when:
    answer(cached, withOption(10, 8, 8))
    byte[] again = answer(cached, withOption(10, 8, 8))

    then:
    asked.get() == 1
    again == answer(full, withOption(10, 8, 8))
  }

  def "with a log line per query the cache stays on, so logging never changes which path answers"() {
    given:
    def asked = new AtomicInteger()
    def p = new QueryProcessor(ResolverChain.builder().authority(Counted.stage('authority', authority, asked)).build(), 1232, true, 'test', 1000)

    when:
    2.times { answer(p, Wire.query('www.example.com', Type.A, [:])) }

    then:
    asked.get() == 1
  }

  def "a real server answers a repeated question over UDP and TCP from the cache, and a reload is seen at once"() {
    given:
    def server = TestServer.withZones([ZONE])

    when:
    def udp = (1..3).collect { Wire.udp(server.port, Wire.query('www.example.com', Type.A, [id: it])) }
    def tcp = (1..3).collect { Wire.readFramedAfter(server.port, Wire.query('www.example.com', Type.A, [id: 10 + it])) }

    then:
    (udp + tcp)*.header*.ID == [1, 2, 3, 11, 12, 13]
    (udp + tcp).every { it.getSection(org.xbill.DNS.Section.ANSWER)*.rdataToString() == ['192.0.2.1'] }

    when:
    server.authority.served().publish(TestServer.loadBind(ZONE.replace('192.0.2.1\n', '192.0.2.7\n')))

    then:
    Wire.udp(server.port, Wire.query('www.example.com', Type.A)).getSection(org.xbill.DNS.Section.ANSWER)*.rdataToString() == ['192.0.2.7']

    cleanup:
    server?.close()
  }

  /** A question whose name runs into a pointer to itself: in a lone question any pointer is wrong. */
  static byte[] pointerQuestion() {
    def out = new ByteArrayOutputStream()
    out.write([0, 7, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0] as byte[])
    out.write([3, 0x77, 0x77, 0x77] as byte[]) // www
    out.write([0xC0, 0x10, 0, 1, 0, 1] as byte[]) // then a pointer to itself, at offset 16
    out.toByteArray()
  }

  static byte[] twoQuestions() {
    def m = Message.newQuery(org.xbill.DNS.Record.newRecord(org.xbill.DNS.Name.fromString('www.example.com.'), Type.A, DClass.IN))
    m.addRecord(org.xbill.DNS.Record.newRecord(org.xbill.DNS.Name.fromString('mail.example.com.'), Type.A, DClass.IN), org.xbill.DNS.Section.QUESTION)
    m.toWire()
  }

  /** www.example.com A with an OPT holding one option of this code, declared length and real length. */
  static byte[] withOption(int code, int declared, int actual) {
    byte[] base = Wire.query('www.example.com', Type.A, [id: 4242])
    base[11] = 1 // ARCOUNT
    def out = new ByteArrayOutputStream()
    out.write(base)
    out.write([0, 0, 41, 4, 0xD0, 0, 0, 0, 0] as byte[]) // root, OPT, payload 1232, rcode/version/flags 0
    int rdlength = 4 + actual
    out.write([rdlength >> 8, rdlength & 0xFF, code >> 8, code & 0xFF, declared >> 8, declared & 0xFF] as byte[])
    out.write(new byte[actual])
    out.toByteArray()
  }
}
