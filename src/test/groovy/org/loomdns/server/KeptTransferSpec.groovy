package org.loomdns.server

import org.loomdns.acl.Acl
import org.loomdns.authority.AuthorityResolver
import org.loomdns.authority.ServedZones
import org.loomdns.authority.TransferSpec
import org.loomdns.authority.ZoneSet
import org.loomdns.chain.Outcome
import org.loomdns.chain.ResolverChain
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.loomdns.transferwire.TransferWire
import org.loomdns.tsig.TsigKeys
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.OPTRecord
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.TSIG
import org.xbill.DNS.Type
import org.xbill.DNS.ZoneTransferIn
import spock.lang.IgnoreIf
import spock.lang.Specification

/** A transfer sent from the answer sections kept from an earlier transfer of the same zone version. */
class KeptTransferSpec extends Specification {

  static final Name ZONE = Name.fromConstantString('xfr.example.')
  static final int HOSTS = 5_000

  ServedZones served
  TestServer server

  def setup() {
    served = new ServedZones(new ZoneSet([TestServer.loadBind(TransferSpec.zone(HOSTS))]))
    def authority = new AuthorityResolver(served, Acl.parse(['127.0.0.1'], TsigKeys.NONE, '--allow-transfer'))
    server = TestServer.withChain(ResolverChain.builder().authority(authority).build())
  }

  def cleanup() {
    server?.close()
  }

  /** Every message of one AXFR, as its bytes came. */
  List<byte[]> axfr(String name, int id, boolean edns = false) {
    def q = Message.newQuery(Record.newRecord(Name.fromString(name), Type.AXFR, org.xbill.DNS.DClass.IN))
    q.header.ID = id
    if (edns) q.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL)
    def socket = Wire.tcp(server.port)
    try {
      socket.outputStream.write(Wire.framed(q.toWire()))
      List<byte[]> messages = []
      int soas = 0
      while (soas < 2) {
        byte[] wire = Wire.readFramedBytes(socket)
        messages << wire
        soas += new Message(wire).getSection(Section.ANSWER).count { it.type == Type.SOA }
      }
      messages
    } finally {
      socket.close()
    }
  }

  static List<Record> records(List<byte[]> messages) {
    messages.collectMany { new Message(it).getSection(Section.ANSWER) }
  }

  def "a second AXFR of the same version is the first one's bytes under its own ID, in any case of the zone's name, with or without EDNS"() {
    given:
    def first = axfr('xfr.example.', 101)

    when:
    def second = axfr(name, 202, edns)

    then:
    second.size() == first.size()
    second.every { new Message(it).header.ID == 202 }
    (1..<first.size()).every { i -> first[i][2..-1] == second[i][2..-1] }
    new Message(second[0]).rcode == Rcode.NOERROR
    (new Message(second[0]).getOPT() != null) == edns
    records(second).size() == HOSTS + 4
    records(second).collect { it.toString().toLowerCase() } == records(first).collect { it.toString().toLowerCase() }

    where:
    name           | edns
    'xfr.example.' | false
    'XFR.example.' | false
    'xfr.example.' | true
  }

  def "after the zone changes, the next AXFR sends the new version, not the kept bytes of the old"() {
    given:
    axfr('xfr.example.', 1)
    axfr('xfr.example.', 2)

    when:
    served.publish(TestServer.loadBind(TransferSpec.zone(HOSTS).replace(' 42 ', ' 43 ').replace('ns1   A   192.0.2.53', 'ns1   A   192.0.2.99')))
    def changed = records(axfr('xfr.example.', 3))
    def again = records(axfr('xfr.example.', 4))

    then:
    [changed, again].every { r ->
      r.size() == HOSTS + 4 && r.first().serial == 43 && r.last().serial == 43 &&
          r.find { it.name.toString() == 'ns1.xfr.example.' }.rdataToString() == '192.0.2.99'
    }
  }

  def "dnsjava's transfer client reads a kept transfer whole"() {
    given:
    axfr('xfr.example.', 1)

    when:
    def xfr = ZoneTransferIn.newAXFR(ZONE, '127.0.0.1', server.port, null)
    xfr.run()

    then:
    xfr.getAXFR().size() == HOSTS + 4
  }

  @IgnoreIf({ !new File('/usr/bin/kdig').exists() })
  def "kdig receives every record of a kept transfer"() {
    given:
    axfr('xfr.example.', 1)

    when:
    def proc = ['kdig', '@127.0.0.1', '-p', "${server.port}", 'xfr.example.', 'AXFR'].execute()
    def out = new StringBuilder()
    proc.waitForProcessOutput(out, new StringBuilder()) // kdig's own timeouts bound it

    then:
    proc.exitValue() == 0
    out.readLines().findAll { it && !it.startsWith(';') }.size() == HOSTS + 4
  }

  def "with no room kept, a transfer is encoded as it goes, into the same bytes"() {
    given:
    def zone = served.current().zones().find { it.origin() == ZONE }
    def answer = new Outcome.Answer(Rcode.NOERROR, true, zone.transferRecords(), [], [])
    def request = Message.newQuery(Record.newRecord(ZONE, Type.AXFR, org.xbill.DNS.DClass.IN))
    def reply = new Message(request.header.ID)
    reply.header.setFlag(org.xbill.DNS.Flags.QR)
    reply.addRecord(request.question, Section.QUESTION)
    def client = new InetSocketAddress('127.0.0.1', 5353)

    when:
    List<byte[]> none = []
    List<byte[]> kept = []
    List<byte[]> fromKept = []
    def nothing = new TransferWire(0)
    TransferOut.send({ none << it } as QueryProcessor.ReplySink, reply, answer, null, client, 0, nothing)
    def wire = new TransferWire(TransferWire.DEFAULT_BOUND)
    TransferOut.send({ kept << it } as QueryProcessor.ReplySink, reply, answer, null, client, 0, wire)
    TransferOut.send({ fromKept << it } as QueryProcessor.ReplySink, reply, answer, null, client, 0, wire)

    then:
    none.size() > 1
    none*.toList() == kept*.toList()
    none*.toList() == fromKept*.toList()
    wire.cached(zone.transferRecords()) != null
    nothing.cached(zone.transferRecords()) == null
  }

  def "a signed AXFR sent from the kept bytes verifies, message by message, with #alg"() {
    given:
    def secret = TsigSpec.newSecret()
    def keys = TsigSpec.keys(["${alg}:xfr-key:${secret}"])
    def signedServer = TestServer.withZones([TransferSpec.zone(HOSTS)],
        [keys: keys, transferAcl: Acl.parse(['key:xfr-key'], keys, '--allow-transfer')])
    def signer = TsigSpec.client(TsigSpec.key(alg, 'xfr-key', secret), Base64.decoder.decode(secret))
    def first = ZoneTransferIn.newAXFR(ZONE, '127.0.0.1', signedServer.port, signer)
    first.run()
    byte[] query = TsigSpec.signed('xfr.example', Type.AXFR, signer)
    def verifier = new TSIG.StreamVerifier(signer, new Message(query).TSIG)
    def socket = Wire.tcp(signedServer.port)

    when:
    socket.outputStream.write(Wire.framed(query))
    List<Integer> verdicts = []
    List<Record> records = []
    while (records.size() < 2 || records[-1].type != Type.SOA) {
      byte[] wire = Wire.readFramedBytes(socket)
      verdicts << verifier.verify(new Message(wire), wire)
      records.addAll(new Message(wire).getSection(Section.ANSWER))
    }
    def again = ZoneTransferIn.newAXFR(ZONE, '127.0.0.1', signedServer.port, signer)
    again.run()

    then:
    first.getAXFR().size() == HOSTS + 4
    verdicts.size() > 1
    verdicts.every { it == Rcode.NOERROR }
    records.size() == HOSTS + 4
    again.getAXFR().size() == HOSTS + 4

    cleanup:
    socket?.close()
    signedServer?.close()

    where:
    alg << ['hmac-sha256', 'hmac-sha1']
  }

  @IgnoreIf({ !new File('/usr/bin/kdig').exists() })
  def "kdig -y verifies a signed transfer sent from the kept bytes"() {
    given:
    def secret = TsigSpec.newSecret()
    def keys = TsigSpec.keys(["hmac-sha256:xfr-key:${secret}"])
    def signedServer = TestServer.withZones([TransferSpec.zone(HOSTS)],
        [keys: keys, transferAcl: Acl.parse(['key:xfr-key'], keys, '--allow-transfer')])

    when:
    def runs = (1..2).collect {
      def proc = ['kdig', '@127.0.0.1', '-p', "${signedServer.port}", '-y', "hmac-sha256:xfr-key:${secret}",
                  'xfr.example.', 'AXFR'].execute()
      def out = new StringBuilder()
      def err = new StringBuilder()
      proc.waitForProcessOutput(out, err)
      def text = out.toString() + err.toString()
      [proc.exitValue(), text.contains('WARNING'),
       text.readLines().findAll { it && !it.startsWith(';') && !(it =~ /\sTSIG\s/) }.size()]
    }

    then:
    runs == [[0, false, HOSTS + 4]] * 2

    cleanup:
    signedServer?.close()
  }
}
