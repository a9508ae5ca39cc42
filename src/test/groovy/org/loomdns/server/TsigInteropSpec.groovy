package org.loomdns.server

import java.nio.file.Files
import java.nio.file.Path
import java.security.SecureRandom
import java.util.concurrent.TimeUnit
import org.loomdns.support.Dig
import org.loomdns.support.Knot
import org.loomdns.support.LoomProcess
import org.loomdns.tsig.TsigKey
import org.xbill.DNS.Flags
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import org.xbill.DNS.ZoneTransferIn
import spock.lang.Shared
import spock.lang.Specification

/**
 * TSIG end to end with real peers: loomdns started as users start it, with one key per
 * algorithm, transferring zones/example.com.zone to dig, kdig and a Knot secondary that sign
 * their requests and check every signature in the reply; a wrong key fails in each of them.
 */
class TsigInteropSpec extends Specification {

  static final String ZONE_FILE = 'zones/example.com.zone'
  static final List<String> ALGORITHMS = ['hmac-sha256', 'hmac-sha512', 'hmac-sha1']

  @Shared Map<String, String> secrets = ALGORITHMS.collectEntries { [it, newSecret()] }
  @Shared int port
  @Shared LoomProcess loom

  def setupSpec() {
    port = LoomProcess.freePort()
    List<String> args = ['--bindzone', ZONE_FILE, '--port', port as String, '--interface', '127.0.0.1']
    ALGORITHMS.each { alg ->
      args += ['--tsig-key', "${alg}:${keyName(alg)}:${secrets[alg]}".toString(), '--allow-transfer', "key:${keyName(alg)}".toString()]
    }
    loom = LoomProcess.start(args)
    assert loom.awaitOutput('serving with stages'): loom.output
  }

  def cleanupSpec() {
    loom?.close()
  }

  static String keyName(String alg) {
    "${alg - 'hmac-'}-key."
  }

  static String newSecret() {
    byte[] b = new byte[32]
    new SecureRandom().nextBytes(b)
    Base64.encoder.encodeToString(b)
  }

  /** Runs a command to its end (bounded); returns [exit code, stdout and stderr]. */
  static List run(List<String> command) {
    def p = new ProcessBuilder(command).redirectErrorStream(true).start()
    String out = p.inputStream.text
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly()
      throw new IllegalStateException("${command} did not finish")
    }
    [p.exitValue(), out]
  }

  /** The zone as dnsjava's transfer client reads it from loomdns with the key of {@code alg}. */
  List<Record> zone(String alg) {
    def xfr = ZoneTransferIn.newAXFR(Name.fromString('example.com.'), '127.0.0.1', port,
        TsigKey.parse("${alg}:${keyName(alg)}:${secrets[alg]}").tsig())
    xfr.run()
    xfr.getAXFR()
  }

  static List<Record> documentedZone(int port, String secret) {
    def xfr = ZoneTransferIn.newAXFR(Name.fromString('example.com.'), '127.0.0.1', port,
        TsigKey.parse("transfer-key:${secret}").tsig())
    xfr.run()
    xfr.getAXFR()
  }

  def "dig -y #alg transfers the zone and validates every signature, and loomdns logs the transfer with the key"() {
    when:
    String out = Dig.run(['-y', "${alg}:${keyName(alg)}:${secrets[alg]}".toString(), '@127.0.0.1', '-p', port as String,
        'example.com', 'AXFR'])

    then:
    out.contains("XFR size: ${zone(alg).size()} records")
    out.contains("${keyName(alg)}\t\t0\tANY\tTSIG\t${alg}.")
    !out.contains('TSIG could not be validated')
    !out.contains("Couldn't verify")
    loom.awaitOutput("transfer out: AXFR example.com. to 127.0.0.1#")
    loom.output.contains("TSIG key ${keyName(alg)}")

    where:
    alg << ALGORITHMS
  }

  def "kdig -y #alg transfers the zone and validates every signature"() {
    when:
    def (int exit, String out) = run(['kdig', '-y', "${alg}:${keyName(alg)}:${secrets[alg]}".toString(),
        '@127.0.0.1', '-p', port as String, 'example.com', 'AXFR'])

    then:
    exit == 0
    out.contains("(1 messages, ${zone(alg).size()} records)")
    out.contains("${keyName(alg)}")
    !out.contains('ERROR:')
    !out.contains('WARNING')

    where:
    alg << ALGORITHMS
  }

  def "#client with #what reports the failure, and loomdns counts it"() {
    given:
    String secret = rightSecret ? secrets[alg] : newSecret()
    String key = "${alg}:${name ?: keyName(alg)}:${secret}"

    when:
    def (int exit, String out) = client == 'dig'
        ? [0, Dig.run(['-y', key, '@127.0.0.1', '-p', port as String, 'example.com', 'AXFR'])]
        : run(['kdig', '-y', key, '@127.0.0.1', '-p', port as String, 'example.com', 'AXFR'])

    then:
    client == 'dig' ? out.contains('; Transfer failed.') && out.contains('tsig indicates error') : exit != 0
    out.contains(error)
    loom.awaitOutput("TSIG ${error} from 127.0.0.1#")

    where:
    client | what                   | alg           | name           | rightSecret | error
    'dig'  | 'the wrong secret'     | 'hmac-sha256' | null           | false       | 'BADSIG'
    'dig'  | 'a key loomdns lacks'  | 'hmac-sha512' | 'nobody-key.'  | true        | 'BADKEY'
    'kdig' | 'the wrong secret'     | 'hmac-sha1'   | null           | false       | 'BADSIG'
    'kdig' | 'a key loomdns lacks'  | 'hmac-sha256' | 'nobody-key.'  | true        | 'BADKEY'
  }

  def "Knot, as a secondary with the #alg key, pulls the zone from loomdns and serves what loomdns serves"() {
    given:
    List<Record> zone = zone(alg)
    def knot = Knot.secondary('example.com.', port, alg, keyName(alg), secrets[alg])

    when: 'every RRset of the zone above its delegation is asked of Knot'
    def rrsets = zone.findAll { !it.name.subdomain(Name.fromString('lab.example.com.')) }
        .groupBy { [it.name, it.type] }
    def differing = rrsets.findAll { key, records ->
      def reply = knot.query(key[0] as Name, key[1] as int)
      !(reply.rcode == Rcode.NOERROR && reply.header.getFlag(Flags.AA)
          && reply.getSection(Section.ANSWER)*.rdataToString().toSet() == records*.rdataToString().toSet())
    }

    then:
    rrsets.size() > 10
    differing.isEmpty()

    cleanup:
    knot?.close()

    where:
    alg << ALGORITHMS
  }

  def "Knot with the wrong secret gets no zone, and loomdns logs why"() {
    given:
    int logged = loom.output.count('TSIG BADSIG from 127.0.0.1#')
    def knot = Knot.secondary('example.com.', port, 'hmac-sha256', keyName('hmac-sha256'), newSecret(), false)

    expect:
    knot.awaitLog('refresh, failed')
    knot.query(Name.fromString('example.com.'), Type.SOA).rcode == Rcode.SERVFAIL
    loom.output.count('TSIG BADSIG from 127.0.0.1#') > logged

    cleanup:
    knot?.close()
  }

  def "the commands of 'TSIG on requests and replies' in docs/zone-distribution.md work as shown"() {
    given: 'the section and its commands'
    String doc = Files.readString(Path.of('docs/zone-distribution.md'))
    String section = doc.substring(doc.indexOf('## TSIG on requests and replies'))
    section = section.indexOf('\n## ') > 0 ? section.substring(0, section.indexOf('\n## ')) : section
    List<String> commands = section.readLines().findAll { it.startsWith('$ ') }*.substring(2)
    String secretCommand = commands.find { it.contains('urandom') }
    String serve = commands.find { it.startsWith('java -jar target/loomdns.jar') }
    String dig = commands.find { it.startsWith('dig ') }
    int free = LoomProcess.freePort()

    when: 'a secret is made as shown, and loomdns started with the documented options on a free port'
    def (int made, String secret) = run(['sh', '-c', secretCommand])
    List<String> serveArgs = serve.split(' ').drop(3)*.replace('10053', free as String)
    String documentedSecret = serveArgs.find { it.startsWith('hmac-sha256:transfer-key:') } - 'hmac-sha256:transfer-key:'
    def docLoom = LoomProcess.start(serveArgs)
    assert docLoom.awaitOutput('serving with stages'): docLoom.output
    def (int digExit, String out) = run(dig.split(' ')*.replace('10053', free as String))

    then: 'the secret command makes a key --tsig-key takes, and dig gets the zone, every signature valid'
    commands.size() == 3
    made == 0
    TsigKey.parse("transfer-key:${secret.trim()}").name() == Name.fromString('transfer-key.')
    documentedSecret.length() == secret.trim().length()
    digExit == 0
    out.contains("XFR size: ${documentedZone(free, documentedSecret).size()} records")
    out.contains('transfer-key.\t\t0\tANY\tTSIG\thmac-sha256.')
    !out.contains('TSIG could not be validated')
    docLoom.awaitOutput('transfer out: AXFR example.com. to 127.0.0.1#')

    and: 'as the section says, dig without the key is refused'
    Dig.run(['@127.0.0.1', '-p', free as String, 'example.com', 'AXFR']).contains('; Transfer failed.')

    cleanup:
    docLoom?.close()
  }
}
