package org.loomdns.signing

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import org.loomdns.authority.DnssecValidationSpec
import org.loomdns.support.Knot
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.support.Secondary
import org.loomdns.support.SignedZones
import org.xbill.DNS.Name
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * A zone loomdns signs online, changed by a reload of its edited file and by dynamic updates,
 * reaches real secondaries (Knot, BIND) by NOTIFY and IXFR: each increment carries the changed
 * signatures and NSEC3 records, so the secondary's copy, transferred out of it, is one
 * dnssec-verify accepts; delv validates the changed names at loomdns, and again after a restart
 * that replays the journal.
 */
class SignedTransfersSpec extends Specification {

  static final String SECRET = Base64.encoder.encodeToString(('signed-transfers-secret!' * 2).bytes)
  static final String ORIGIN = 'signed.test.'

  static String zone(long serial, String extra = '') {
    SignedZones.PARENT.replace('hostmaster 1 ', "hostmaster ${serial} ") + extra
  }

  def "#peer, secondary of a zone signed online, gets each reload and update by IXFR and holds a zone dnssec-verify accepts"() {
    given: 'loomdns signing signed.test with keys it makes, notifying the secondary'
    Path dir = Scratch.dir('signed-transfers')
    Path keys = Files.createDirectory(dir.resolve('keys'))
    Path file = dir.resolve('signed.test.zone')
    Files.writeString(file, zone(1))
    int loomPort = LoomProcess.freePort()
    int peerPort = LoomProcess.freePort()
    List<String> args = ['--bindzone', file, '--dnssec-keys', keys, '-i', '127.0.0.1', '-p', loomPort,
        '--allow-transfer', '127.0.0.1', '--notify', "127.0.0.1:${peerPort}",
        '--tsig-key', "hmac-sha256:ddns:${SECRET}", '--allow-update', 'ddns'].collect { it.toString() }
    def loom = LoomProcess.start(args)
    assert loom.awaitOutput('serving with stages', 60), loom.output
    Path anchor = anchor(dir, keys)
    def secondary = Secondary.start(peer, peerPort, loomPort, [ORIGIN])
    assert secondary.awaitSerial(ORIGIN, 1, Duration.ofSeconds(60)), secondary.logText()

    when: 'the file gets a new name and a raised serial, and loomdns reloads it'
    Files.writeString(file, zone(2, 'added A 192.0.2.66\n'))
    loom.signal('HUP')

    then: 'the secondary fetches the increment, and its copy is fully signed'
    secondary.awaitSerial(ORIGIN, 2, Duration.ofSeconds(30))
    loom.awaitOutput('serial 1 to 2 in 1 diffs')
    verify(dir, peerPort).contains('Zone fully signed')
    delv(dir, anchor, loomPort, 'added.signed.test', 'A') == DnssecValidationSpec.VALID

    when: 'nsupdate adds a name and deletes another'
    String script = "nsupdate -y hmac-sha256:ddns:${SECRET} <<'END'\nserver 127.0.0.1 ${loomPort}\n" +
        "zone ${ORIGIN}\nupdate add fresh.${ORIGIN} 300 A 192.0.2.77\nupdate delete mail.${ORIGIN} A\nsend\nEND\n"
    SignedZones.run(dir, ['bash', '-c', script])

    then: 'that increment reaches the secondary too, which holds a copy dnssec-verify accepts'
    secondary.awaitSerial(ORIGIN, 3, Duration.ofSeconds(30))
    loom.awaitOutput('serial 2 to 3 in 1 diffs')
    verify(dir, peerPort).contains('Zone fully signed')
    Knot.send(peerPort, Name.fromString("fresh.${ORIGIN}"), Type.A).getSection(1)*.rdataToString() == ['192.0.2.77']
    loom.output.findAll(/transfer out: AXFR signed\.test\./).size() == 1

    when: 'loomdns is killed and started again: the journal is replayed and signed'
    loom.process.destroyForcibly().waitFor()
    loom = LoomProcess.start(args)
    assert loom.awaitOutput('serving with stages', 60), loom.output

    then: 'the updated names validate, and the serial did not go back'
    soaSerial(loomPort) >= 3
    delv(dir, anchor, loomPort, 'fresh.signed.test', 'A') == DnssecValidationSpec.VALID
    delv(dir, anchor, loomPort, 'mail.signed.test', 'A') == DnssecValidationSpec.NEGATIVE
    delv(dir, anchor, loomPort, 'added.signed.test', 'A') == DnssecValidationSpec.VALID

    cleanup:
    secondary?.close()
    loom?.close()

    where:
    peer << ['knot', 'bind']
  }

  /** The secondary's copy, by AXFR, checked by dnssec-verify: its output. */
  static String verify(Path dir, int port) {
    String axfr = SignedZones.run(dir, ['dig', '@127.0.0.1', '-p', port as String, ORIGIN, 'AXFR', '+onesoa'])
    Files.writeString(dir.resolve('secondary.zone'), axfr)
    SignedZones.run(dir, ['dnssec-verify', '-o', ORIGIN, 'secondary.zone'], false)
  }

  static long soaSerial(int port) {
    Knot.send(port, Name.fromString(ORIGIN), Type.SOA).getSection(1)[0].serial
  }

  /** delv's trust anchor: the KSK loomdns made for signed.test. */
  static Path anchor(Path dir, Path keys) {
    Path anchor = dir.resolve('anchor.conf')
    Files.writeString(anchor, "trust-anchors {\n${OnlineSigningSpec.trustAnchor(keys, OnlineSigningSpec.madeKsk(keys, 'signed.test'), 'static-key')}};\n")
    anchor
  }

  static String delv(Path dir, Path anchor, int port, String name, String type) {
    String out = SignedZones.run(dir, ['delv', '-a', anchor.toString(), '+root=signed.test', '@127.0.0.1', '-p',
        port as String, name, type], false)
    out.readLines().find { it.startsWith('; ') }?.substring(2) ?: out
  }
}
