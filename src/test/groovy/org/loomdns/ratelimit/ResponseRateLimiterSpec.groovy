package org.loomdns.ratelimit

import static org.loomdns.ratelimit.ResponseRateLimiter.Verdict.DROP
import static org.loomdns.ratelimit.ResponseRateLimiter.Verdict.SEND
import static org.loomdns.ratelimit.ResponseRateLimiter.Verdict.SLIP

import org.loomdns.stats.Drops
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.OPTRecord
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.SOARecord
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Specification

/** The limiter's buckets and the identity it reads off replies, on a clock the spec moves. */
class ResponseRateLimiterSpec extends Specification {

  long now = 1_000_000_000_000L
  static final long SECOND = 1_000_000_000L

  ResponseRateLimiter limiter(int rate, int slip = 2, int window = 15, int slots = ResponseRateLimiter.SLOTS) {
    new ResponseRateLimiter(rate, slip, window, new Drops(), slots, { now })
  }

  def "a bucket answers its rate, then slips every #slip-th limited reply and drops the rest"() {
    given:
    def l = limiter(5, slip)

    expect:
    (1..13).collect { l.debit(1, 7) } == [SEND] * 5 + expected

    where:
    slip | expected
    2    | [SLIP, DROP, SLIP, DROP, SLIP, DROP, SLIP, DROP]
    3    | [SLIP, DROP, DROP, SLIP, DROP, DROP, SLIP, DROP]
    1    | [SLIP] * 8
    0    | [DROP] * 8
  }

  def "a bucket earns its rate each second, holding no more than one second's worth"() {
    given:
    def l = limiter(5)
    6.times { l.debit(1, 7) } // five answered, one in debt

    when:
    now += 3 * SECOND

    then: '-1 + 15 credits, capped at 5'
    (1..6).collect { l.debit(1, 7) } == [SEND] * 5 + [SLIP]
  }

  def "a flooded bucket goes no further into debt than the window, so it answers again after about the window"() {
    given:
    def l = limiter(10, 2, 15)
    10_000.times { l.debit(1, 7) }

    when: 'fourteen seconds: -150 + 140 is still in debt'
    now += 14 * SECOND
    def stillLimited = l.debit(1, 7)
    and: 'two more seconds: -11 + 20 leaves nine'
    now += 2 * SECOND
    def answered = (1..10).collect { l.debit(1, 7) }

    then:
    stillLimited != SEND
    answered == [SEND] * 9 + [SLIP]
  }

  def "buckets of other networks and other identities are apart"() {
    given:
    def l = limiter(2)
    3.times { l.debit(1, 7) }

    expect:
    l.debit(1, 7) != SEND
    l.debit(2, 7) == SEND
    l.debit(1, 8) == SEND
  }

  def "the table has its size whatever the clients: 200,000 networks in 64 places, each answered as new"() {
    given:
    def l = limiter(1, 2, 15, 64)

    when:
    def verdicts = (1..200_000).collect { l.debit(it, 7) }.countBy { it }

    then:
    l.keys.length == 64
    verdicts == [(SEND): 200_000]
  }

  def "limited replies are counted as slipped or dropped, and a slip is the question alone with TC"() {
    given:
    def drops = new Drops()
    def l = new ResponseRateLimiter(1, 2, 15, drops, 1024, { now })
    byte[] reply = reply('www.example.com.', Type.A, Rcode.NOERROR, 1, true)
    def client = new InetSocketAddress('192.0.2.1', 53)

    when:
    List<byte[]> out = (1..5).collect { l.admit(reply, client) }

    then:
    out[0] == reply
    out[2] == null && out[4] == null
    drops.get(Drops.Kind.RATE_LIMITED_SLIPPED) == 2
    drops.get(Drops.Kind.RATE_LIMITED_DROPPED) == 2
    Message slip = new Message(out[1])
    slip.header.getFlag(Flags.TC)
    slip.question.name == Name.fromString('www.example.com.')
    [Section.ANSWER, Section.AUTHORITY].every { slip.getSection(it).isEmpty() }
    slip.getOPT() != null
    slip.getSection(Section.ADDITIONAL).size() == 1
    out[3] == out[1]
  }

  def "error replies are never slipped, only dropped"() {
    given:
    def drops = new Drops()
    def l = new ResponseRateLimiter(1, 1, 15, drops, 1024, { now })
    byte[] refused = reply('x.invalid.', Type.A, Rcode.REFUSED, 0, false)

    when:
    def out = (1..4).collect { l.admit(refused, new InetSocketAddress('192.0.2.1', 53)) }

    then:
    out.count { it != null } == 1
    drops.get(Drops.Kind.RATE_LIMITED_SLIPPED) == 0
    drops.get(Drops.Kind.RATE_LIMITED_DROPPED) == 3
  }

  def "replies share an identity when #when"() {
    expect:
    Replies.identity(a, 42) == Replies.identity(b, 42)

    where:
    when                                                | a                                                       | b
    'they answer one name and type, in any letter case' | reply('www.example.com.', Type.A, Rcode.NOERROR, 1)     | reply('WwW.Example.COM.', Type.A, Rcode.NOERROR, 1)
    'they say NXDOMAIN under one zone'                   | reply('a1.example.com.', Type.A, Rcode.NXDOMAIN, 0)     | reply('zz.q.example.com.', Type.TXT, Rcode.NXDOMAIN, 0)
    'they are errors, whatever the question'             | reply('a.example.', Type.A, Rcode.SERVFAIL, 0)          | reply('b.test.', Type.MX, Rcode.REFUSED, 0)
  }

  def "replies differ in identity when #when"() {
    expect:
    Replies.identity(a, 42) != Replies.identity(b, 42)

    where:
    when                                | a                                                   | b
    'they answer other names'           | reply('www.example.com.', Type.A, Rcode.NOERROR, 1) | reply('mail.example.com.', Type.A, Rcode.NOERROR, 1)
    'they answer other types'           | reply('www.example.com.', Type.A, Rcode.NOERROR, 1) | reply('www.example.com.', Type.AAAA, Rcode.NOERROR, 1)
    'one is NXDOMAIN, one an answer'    | reply('example.com.', Type.A, Rcode.NOERROR, 1)     | reply('x.example.com.', Type.A, Rcode.NXDOMAIN, 0)
    'they say NXDOMAIN in other zones'  | reply('a.example.com.', Type.A, Rcode.NXDOMAIN, 0)  | reply('a.example.net.', Type.A, Rcode.NXDOMAIN, 0)
  }

  def "clients of one /24 or one /56 are one network: #a and #b #same"() {
    expect:
    (Replies.network(InetAddress.getByName(a)) == Replies.network(InetAddress.getByName(b))) == (same == 'are one')

    where:
    a                     | b                       | same
    '192.0.2.1'           | '192.0.2.254'           | 'are one'
    '192.0.2.1'           | '192.0.3.1'             | 'are two'
    '2001:db8:0:100::1'   | '2001:db8:0:1ff::9'     | 'are one'
    '2001:db8:0:100::1'   | '2001:db8:0:200::1'     | 'are two'
    '0.0.0.1'             | '::1'                   | 'are two'
  }

  /** A reply as the server encodes it; NXDOMAIN carries the SOA of the zone above the name. */
  static byte[] reply(String name, int type, int rcode, int answers, boolean edns = false) {
    Name n = Name.fromString(name)
    Message m = new Message(4711)
    m.header.setFlag(Flags.QR)
    m.header.setFlag(Flags.AA)
    m.header.rcode = rcode
    m.addRecord(Record.newRecord(n, type, DClass.IN), Section.QUESTION)
    answers.times { m.addRecord(Record.fromString(n, Type.A, DClass.IN, 60, "192.0.2.${it + 1}", Name.root), Section.ANSWER) }
    if (rcode == Rcode.NXDOMAIN) {
      Name zone = new Name(n, n.labels() - 3)
      m.addRecord(new SOARecord(zone, DClass.IN, 300, Name.fromString('ns', zone), Name.fromString('h', zone),
          1, 2, 3, 4, 300), Section.AUTHORITY)
    }
    if (edns) {
      m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL)
    }
    m.toWire()
  }
}
