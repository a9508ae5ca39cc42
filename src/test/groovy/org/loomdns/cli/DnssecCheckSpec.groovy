package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.SignedZones
import org.loomdns.support.SignedZones.Variant
import spock.lang.Specification

/**
 * {@code check} on zones signed in the test with dnssec-signzone, each one-record-a-line
 * ({@code -O full}) so that a test can break one record: what validators would reject is an
 * error with the record's file and line (exit 1), a signature about to expire a warning (exit 0).
 */
class DnssecCheckSpec extends Specification {

  static List check(Path file) {
    def out = new ByteArrayOutputStream()
    def err = new ByteArrayOutputStream()
    int code = Main.run(['check', file.toString()] as String[], new PrintStream(out, true), new PrintStream(err, true))
    [code, out.toString(), err.toString()]
  }

  /** The 1-based line of the first line of {@code file} that matches {@code pattern}. */
  static int lineOf(Path file, String pattern) {
    Files.readAllLines(file).findIndexOf { it =~ pattern } + 1
  }

  def "a freshly signed #variant zone checks clean"() {
    given:
    Path zone = SignedZones.make(variant, ['-O', 'full']).parent

    when:
    def (code, out, err) = check(zone)

    then:
    code == 0
    out.contains('zone signed.test. serial 1')
    err == ''

    where:
    variant << Variant.values()
  }

  def "an RRset without its RRSIG is an error at the RRset's own line"() {
    given:
    Path zone = SignedZones.make(Variant.NSEC, ['-O', 'full']).parent
    Files.write(zone, Files.readAllLines(zone).findAll { !(it =~ /^www\.signed\.test\.\s.*RRSIG\s+A\s/) })

    when:
    def (code, out, err) = check(zone)

    then:
    code == 1
    err.contains("${zone}:${lineOf(zone, /^www\.signed\.test\.\s.*\sA\s+192/)}: DNSSEC error: no RRSIG covers A at www.signed.test.")
  }

  def "expired signatures are errors, the first 20 of them printed"() {
    given:
    Path zone = SignedZones.make(Variant.NSEC3, ['-O', 'full', '-P', '-s', '20200101000000', '-e', '20200201000000']).parent

    when:
    def (code, out, err) = check(zone)

    then:
    code == 1
    err.contains("${zone}:${lineOf(zone, /^signed\.test\.\s.*\sSOA\s/)}: DNSSEC error: the RRSIG of SOA at signed.test. by key")
    err.contains('fails: signature expired')
    err.contains('more DNSSEC problems')
  }

  def "an NSEC that skips a name breaks the chain: an error at that NSEC"() {
    given:
    Path zone = SignedZones.make(Variant.NSEC, ['-O', 'full']).parent
    Files.write(zone, Files.readAllLines(zone).collect {
      it =~ /^mail\.signed\.test\.\s.*\sNSEC\s/ ? it.replaceFirst(/NSEC\s+ns1\.signed\.test\./, 'NSEC\tx.other.signed.test.') : it
    })

    when:
    def (code, out, err) = check(zone)

    then:
    code == 1
    err.contains("${zone}:${lineOf(zone, /^mail\.signed\.test\.\s.*\sNSEC\s/)}: DNSSEC error: the NSEC at mail.signed.test. points to x.other.signed.test., but the next name is ns1.signed.test.")
  }

  def "signatures that expire within a week are warnings, and the zone is still OK"() {
    given:
    Path zone = SignedZones.make(Variant.NSEC, ['-O', 'full', '-e', 'now+86400']).parent

    when:
    def (code, out, err) = check(zone)

    then:
    code == 0
    out.contains('zone signed.test. serial 1')
    err.contains('DNSSEC warning: the RRSIG of SOA at signed.test. expires')
    !err.contains('DNSSEC error')
  }
}
