package org.loomdns.support

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * Zones signed in the test with BIND's dnssec-keygen and dnssec-signzone, as an operator signs
 * them: signed.test with every kind of name (wildcards, CNAME, DNAME, an empty non-terminal, a
 * delegation with DS and one without), in one of three {@link Variant}s; its signed child
 * secure.signed.test, whose DS the parent carries; and its unsigned child insecure.signed.test.
 * The trust anchor is the parent's KSK, in the form delv -a and Unbound read.
 */
class SignedZones {

  /** How the parent denies: NSEC, NSEC3, or NSEC3 with opt-out (insecure delegations unhashed). */
  enum Variant {
    NSEC([]), NSEC3(['-3', '-', '-H', '0']), NSEC3_OPT_OUT(['-3', '-', '-H', '0', '-A'])

    final List<String> signArgs

    Variant(List<String> signArgs) {
      this.signArgs = signArgs
    }
  }

  static final String ORIGIN = 'signed.test.'

  static final String PARENT = '''$ORIGIN signed.test.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 300
@ NS ns1
ns1 A 127.0.0.1
www A 192.0.2.80
www AAAA 2001:db8::80
@ MX 10 mail
mail A 192.0.2.25
*.wild TXT "wildcard"
*.wc CNAME www
alias CNAME www
dn DNAME other.signed.test.
x.other A 192.0.2.9
a.b.c.ent A 192.0.2.10
secure NS ns.secure
ns.secure A 127.0.0.1
insecure NS ns.insecure
ns.insecure A 127.0.0.1
big TXT "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
big TXT "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc" "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
'''

  static final String SECURE = '''$ORIGIN secure.signed.test.
$TTL 3600
@ SOA ns hostmaster 1 7200 3600 1209600 300
@ NS ns
ns A 127.0.0.1
www A 192.0.2.81
'''

  static final String INSECURE = '''$ORIGIN insecure.signed.test.
$TTL 3600
@ SOA ns hostmaster 1 7200 3600 1209600 300
@ NS ns
ns A 127.0.0.1
www A 192.0.2.82
'''

  final Path dir
  /** The signed parent's file. */
  final Path parent
  /** The signed child's file; the unsigned child's. */
  final Path secure
  final Path insecure
  /** A BIND trust-anchors clause with the parent's KSK, for delv -a. */
  final Path anchor
  /** The same key as a DNSKEY record, for Unbound's trust-anchor-file. */
  final Path anchorKey

  private SignedZones(Path dir, Path parent, Path secure, Path insecure, Path anchor, Path anchorKey) {
    this.dir = dir
    this.parent = parent
    this.secure = secure
    this.insecure = insecure
    this.anchor = anchor
    this.anchorKey = anchorKey
  }

  /**
   * Keys, signs and writes the three zones, the parent denying as {@code variant} says and
   * signed with dnssec-signzone's {@code extra} arguments too.
   */
  static SignedZones make(Variant variant, List<String> extra = []) {
    Path dir = Scratch.dir('signed-' + variant.name().toLowerCase())
    Files.writeString(dir.resolve('secure.signed.test.zone'), SECURE + keys(dir, 'secure.signed.test'))
    Path secure = sign(dir, 'secure.signed.test', [])
    String ksk = keyFile(dir, 'signed.test', true)
    Files.writeString(dir.resolve('signed.test.zone'), PARENT + ksk + keyFile(dir, 'signed.test', false))
    // -g takes the child's DS from the dsset- file that signing the child wrote.
    Path parent = sign(dir, 'signed.test', variant.signArgs + ['-g'] + extra)
    Path insecure = dir.resolve('insecure.signed.test.zone')
    Files.writeString(insecure, INSECURE)
    List<String> key = ksk.readLines().find { !it.startsWith(';') && it.contains('DNSKEY') }.tokenize()
    int at = key.indexOf('DNSKEY')
    Path anchor = dir.resolve('anchor.conf')
    Files.writeString(anchor, "trust-anchors {\n  signed.test. static-key ${key[at + 1..at + 3].join(' ')} \"${key[at + 4..-1].join('')}\";\n};\n")
    Path anchorKey = dir.resolve('anchor.key')
    Files.writeString(anchorKey, "signed.test. 3600 IN DNSKEY ${key[at + 1..-1].join(' ')}\n")
    new SignedZones(dir, parent, secure, insecure, anchor, anchorKey)
  }

  /** A KSK and a ZSK for {@code zone}, their DNSKEY records as zone text. */
  private static String keys(Path dir, String zone) {
    keyFile(dir, zone, true) + keyFile(dir, zone, false)
  }

  private static String keyFile(Path dir, String zone, boolean ksk) {
    List<String> cmd = ['dnssec-keygen', '-q', '-K', dir.toString(), '-a', 'ECDSAP256SHA256'] + (ksk ? ['-f', 'KSK'] : []) + [zone]
    String name = run(dir, cmd).trim()
    Files.readString(dir.resolve(name + '.key'))
  }

  private static Path sign(Path dir, String zone, List<String> args) {
    Path out = dir.resolve(zone + '.signed')
    run(dir, ['dnssec-signzone', '-q', '-K', dir.toString(), '-d', dir.toString(), '-o', zone, '-f', out.toString()]
        + args + [dir.resolve(zone + '.zone').toString()])
    out
  }

  /** Runs a BIND tool in {@code dir}, bounded; its output, or a failure with what it said. */
  static String run(Path dir, List<String> cmd, boolean mustSucceed = true) {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start()
    // delv has no timeout option: a reader thread and a bounded wait keep a hung one from stalling the spec.
    StringBuilder out = new StringBuilder()
    Thread reader = Thread.start { out << p.inputStream.text }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly()
      throw new IllegalStateException("${cmd} did not finish")
    }
    reader.join(5000)
    if (mustSucceed && p.exitValue() != 0) {
      throw new IllegalStateException("${cmd} failed (${p.exitValue()}): ${out}")
    }
    out.toString()
  }

  /** delv's verdict on {@code name}/{@code type} asked of the server on 127.0.0.1:{@code port}: its first comment line. */
  String delv(int port, String name, String type, List<String> extra = []) {
    String out = run(dir, ['delv', '-a', anchor.toString(), '+root=signed.test', '@127.0.0.1', '-p', port as String]
        + extra + [name, type], false)
    out.readLines().find { it.startsWith('; ') }?.substring(2) ?: out
  }
}
