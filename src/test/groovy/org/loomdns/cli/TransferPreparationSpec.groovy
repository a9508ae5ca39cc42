package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.authority.TransferSpec
import org.xbill.DNS.Name
import org.xbill.DNS.Type
import org.xbill.DNS.ZoneTransferIn
import spock.lang.Specification
import spock.lang.TempDir

/**
 * A primary makes each zone version's transfer bytes before the first secondary asks: at start
 * and after a reload, for the zones some client may transfer, over real sockets.
 */
class TransferPreparationSpec extends Specification {

  static final Name ZONE = Name.fromConstantString('xfr.example.')
  static final int HOSTS = 5_000

  @TempDir Path dir
  Serving serving

  def cleanup() {
    serving?.close()
  }

  Path zoneFile(String text) {
    Path file = dir.resolve('xfr.example.zone')
    Files.writeString(file, text)
    file
  }

  /** The kept chunks of the version served now, once all of its messages are made; null if that takes 20 s. */
  def prepared() {
    long deadline = System.nanoTime() + 20_000_000_000L
    while (System.nanoTime() < deadline) {
      def chunks = serving.transferWire().cached(serving.served(ZONE).transferRecords())
      if (chunks?.complete()) {
        return chunks
      }
      Thread.sleep(20)
    }
    null
  }

  /** Whether the preparing thread ran out of work within 20 s. */
  boolean idle() {
    long deadline = System.nanoTime() + 20_000_000_000L
    while (!serving.transfersIdle() && System.nanoTime() < deadline) {
      Thread.sleep(20)
    }
    serving.transfersIdle()
  }

  List axfr() {
    def xfr = ZoneTransferIn.newAXFR(ZONE, '127.0.0.1', serving.port(), null)
    xfr.run()
    xfr.getAXFR()
  }

  def "the first AXFR of a zone some client may transfer is sent from bytes made at start, before it asked"() {
    given:
    serving = Serving.onLoopback(['--bindzone', zoneFile(TransferSpec.zone(HOSTS)).toString(),
                                  '--allow-transfer', '127.0.0.1'])

    when:
    def before = prepared()
    def records = axfr()

    then:
    before != null
    records.size() == HOSTS + 4
    serving.transferWire().cached(serving.served(ZONE).transferRecords()).is(before)
  }

  def "a reload's new version is made before any client asks, and the old version's bytes are let go"() {
    given:
    Path file = zoneFile(TransferSpec.zone(HOSTS))
    serving = Serving.onLoopback(['--bindzone', file.toString(), '--allow-transfer', '127.0.0.1'])
    def old = serving.served(ZONE).transferRecords()
    prepared()

    when:
    Files.writeString(file, TransferSpec.zone(HOSTS).replace(' 42 ', ' 43 ').replace('ns1   A   192.0.2.53', 'ns1   A   192.0.2.99'))
    serving.reload()
    def fresh = prepared()
    def records = axfr()

    then:
    serving.served(ZONE).serial() == 43
    fresh != null
    serving.transferWire().cached(old) == null
    serving.transferWire().held() == fresh.bytes()
    records.size() == HOSTS + 4
    records.first().serial == 43
    records.find { it.name.toString() == 'ns1.xfr.example.' && it.type == Type.A }.rdataToString() == '192.0.2.99'
  }

  def "a zone nobody may transfer is not made into transfer bytes"() {
    given:
    Path other = dir.resolve('other.example.zone')
    Files.writeString(other, TransferSpec.zone(HOSTS).replace('xfr.example.', 'other.example.'))
    Path config = dir.resolve('loomdns.conf.groovy')
    Files.writeString(config, """
zone('other.example') { file '${other}' }
zone('xfr.example') { file '${zoneFile(TransferSpec.zone(HOSTS))}'; allowTransfer '127.0.0.1' }
""")
    serving = Serving.onLoopback(['--config', config.toString()])

    when:
    def xfr = prepared()
    def idle = idle()

    then:
    xfr != null
    idle
    serving.transferWire().cached(serving.served(Name.fromString('other.example.')).transferRecords()) == null
    serving.transferWire().held() == xfr.bytes()
  }

  def "versions that follow one another within the quiet time are made once, the last of them"() {
    given:
    Path file = zoneFile(TransferSpec.zone(HOSTS))
    serving = Serving.onLoopback(['--bindzone', file.toString(), '--allow-transfer', '127.0.0.1'])
    prepared()
    idle()
    long before = serving.transfersBegun()

    when: 'three versions in a row, as a stream of changes makes them'
    (43..45).each { serial ->
      Files.writeString(file, TransferSpec.zone(HOSTS).replace(' 42 ', " ${serial} "))
      serving.reload()
    }
    def made = prepared()

    then:
    serving.served(ZONE).serial() == 45
    made != null
    idle()
    serving.transfersBegun() == before + 1
  }
}
