package org.loomdns.secondary

import java.time.Duration
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.SOARecord
import org.xbill.DNS.TSIG
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import org.xbill.DNS.ZoneTransferException
import org.xbill.DNS.ZoneTransferIn
import spock.lang.Specification

/**
 * A transfer read off a primary that answers from a script, one connection: the handler hears
 * what dnsjava's ZoneTransferIn would tell it, and a reply that breaks RFC 5936 ends the transfer.
 */
class TransferStreamSpec extends Specification {

  static final Name ORIGIN = Name.fromString('stream.example.')

  static SOARecord soa(long serial) {
    new SOARecord(ORIGIN, DClass.IN, 300, Name.fromString('ns1', ORIGIN), Name.fromString('h', ORIGIN), serial, 1, 1, 60, 60)
  }

  static Record a(String name, String address) {
    Record.fromString(Name.fromString(name, ORIGIN), Type.A, DClass.IN, 300, address, ORIGIN)
  }

  /** Answers each query on one connection with the replies {@code script} makes for it; a null reply closes it. */
  static class ScriptedPrimary implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName('127.0.0.1'))
    final List<Message> queries = []
    final Thread thread

    ScriptedPrimary(Closure<List<Message>> script) {
      thread = Thread.startVirtualThread {
        server.accept().withCloseable { s ->
          def input = new DataInputStream(s.inputStream)
          while (true) {
            int length
            try {
              length = input.readUnsignedShort()
            } catch (EOFException ignored) {
              return
            }
            byte[] q = new byte[length]
            input.readFully(q)
            def query = new Message(q)
            queries << query
            List<Message> replies = script(query, queries.size())
            if (replies == null) {
              return
            }
            for (Message r : replies) {
              if (r == null) {
                return // a null reply: the connection closes here
              }
              byte[] out = r.toWire()
              s.outputStream.write([out.length >> 8, out.length & 0xff] as byte[])
              s.outputStream.write(out)
            }
          }
        }
      }
    }

    InetSocketAddress getAddress() { new InetSocketAddress('127.0.0.1', server.localPort) }

    void close() { server.close(); thread.join(5000) }
  }

  static Message reply(Message query, int rcode, List<Record> answers, int id = query.header.ID) {
    def m = new Message(id)
    m.header.setFlag(Flags.QR)
    m.header.setFlag(Flags.AA)
    m.header.rcode = rcode
    m.addRecord(query.question, Section.QUESTION)
    answers.each { m.addRecord(it, Section.ANSWER) }
    m
  }

  /** What the handler heard, as words. */
  static class Heard implements ZoneTransferIn.ZoneTransferHandler {
    List<String> events = []
    void startAXFR() { events << 'AXFR' }
    void startIXFR() { events << 'IXFR' }
    void startIXFRDeletes(Record soa) { events << "deletes ${(soa as SOARecord).serial}".toString() }
    void startIXFRAdds(Record soa) { events << "adds ${(soa as SOARecord).serial}".toString() }
    void handleRecord(Record r) { events << r.toString() }
  }

  def "an IXFR answered NOTIMP is asked again by AXFR on the same connection"() {
    given:
    def primary = new ScriptedPrimary({ Message q, int n ->
      n == 1 ? [reply(q, Rcode.NOTIMP, [])] : [reply(q, Rcode.NOERROR, [soa(2), a('www', '192.0.2.1'), soa(2)])]
    })
    def heard = new Heard()

    when:
    new TransferStream(ORIGIN, primary.address, null, 1, Duration.ofSeconds(5)).run(heard)

    then:
    primary.queries*.question*.type == [Type.IXFR, Type.AXFR]
    heard.events == ['AXFR', soa(2).toString(), a('www', '192.0.2.1').toString(), soa(2).toString()]

    cleanup:
    primary.close()
  }

  def "an IXFR is told as deletes and adds per step, and a primary as new as we are as nothing"() {
    given:
    def primary = new ScriptedPrimary({ Message q, int n ->
      [reply(q, Rcode.NOERROR, steps)]
    })
    def heard = new Heard()

    when:
    new TransferStream(ORIGIN, primary.address, null, 1, Duration.ofSeconds(5)).run(heard)

    then:
    heard.events == told

    cleanup:
    primary.close()

    where:
    steps                                                                            || told
    [soa(1)]                                                                         || []
    [soa(2), soa(1), a('old', '192.0.2.1'), soa(2), a('new', '192.0.2.2'), soa(2)]  || ['IXFR', 'deletes 1', a('old', '192.0.2.1').toString(), 'adds 2', a('new', '192.0.2.2').toString()]
  }

  def "a reply with another ID than the query's ends the transfer"() {
    given:
    def primary = new ScriptedPrimary({ Message q, int n ->
      [reply(q, Rcode.NOERROR, [soa(2), soa(2)], (q.header.ID + 1) & 0xffff)]
    })

    when:
    new TransferStream(ORIGIN, primary.address, null, -1, Duration.ofSeconds(5)).run(new Heard())

    then:
    ZoneTransferException e = thrown()
    e.message.contains('not the query\'s')

    cleanup:
    primary.close()
  }

  def "a primary that closes before the last SOA fails the transfer with what happened"() {
    given:
    def primary = new ScriptedPrimary({ Message q, int n ->
      [reply(q, Rcode.NOERROR, [soa(2), a('www', '192.0.2.1')]), null]
    })

    when:
    new TransferStream(ORIGIN, primary.address, null, -1, Duration.ofSeconds(5)).run(new Heard())

    then:
    EOFException e = thrown()
    e.message.contains('before the transfer\'s end')

    cleanup:
    primary.close()
  }

  def "records after the last SOA are refused as extra data"() {
    given:
    def primary = new ScriptedPrimary({ Message q, int n ->
      [reply(q, Rcode.NOERROR, [soa(2), soa(2), a('late', '192.0.2.9')])]
    })

    when:
    new TransferStream(ORIGIN, primary.address, null, -1, Duration.ofSeconds(5)).run(new Heard())

    then:
    ZoneTransferException e = thrown()
    e.message.contains('extra data')

    cleanup:
    primary.close()
  }

  def "a signed transfer is verified against the key: #secret gets #outcome"() {
    given: 'a primary that signs its reply with the key k. and the secret it knows'
    def ours = new TSIG(TSIG.HMAC_SHA256, 'k.', 'c2VjcmV0LW9uZS1zZWNyZXQtb25lLTMyYnl0ZXMhIQ==')
    def theirs = new TSIG(TSIG.HMAC_SHA256, 'k.', secret)
    def primary = new ScriptedPrimary({ Message q, int n ->
      def r = reply(q, Rcode.NOERROR, [soa(2), a('www', '192.0.2.1'), soa(2)])
      theirs.apply(r, q.TSIG)
      [r]
    })
    def heard = new Heard()

    when:
    String failure = null
    try {
      new TransferStream(ORIGIN, primary.address, ours, -1, Duration.ofSeconds(5)).run(heard)
    } catch (ZoneTransferException e) {
      failure = e.message
    }

    then:
    primary.queries[0].TSIG != null
    (failure == null ? 'the zone' : failure.replaceAll(/ \(.*/, '')) == outcome

    cleanup:
    primary.close()

    where:
    secret                                          | outcome
    'c2VjcmV0LW9uZS1zZWNyZXQtb25lLTMyYnl0ZXMhIQ==' | 'the zone'
    'b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC0zMmJ5dGU=' | 'TSIG failure: BADSIG'
  }
}
