package org.loomdns.zone

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.zone.bind.BindZoneLoader
import org.xbill.DNS.NSEC3Record
import org.xbill.DNS.Name
import org.xbill.DNS.utils.base32
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The NSEC3 lookups of a zone's denial index against the same answers worked out here the slow
 * way: every owner's hash computed by dnsjava, sorted as bytes, the matching one found by equality
 * and the covering one as the greatest hash before the name's, wrapping to the last.
 */
class DenialIndexSpec extends Specification {

  static final base32 B32 = new base32(base32.Alphabet.BASE32HEX, false, true)
  static final byte[] SALT = [0xAB, 0xCD] as byte[]
  static final List<String> NAMES = ['example.test.', 'www.example.test.', 'mail.example.test.', 'b.a.example.test.',
      'a.example.test.', '*.w.example.test.', 'w.example.test.', 'z.y.x.example.test.', 'y.x.example.test.',
      'x.example.test.']

  @TempDir @Shared Path dir
  @Shared DenialIndex index
  @Shared List<byte[]> sorted

  def setupSpec() {
    Name origin = Name.fromString('example.test.')
    sorted = NAMES.collect { hash(it) }.sort { a, b -> Arrays.compareUnsigned(a, b) }
    StringBuilder zone = new StringBuilder('''\
$ORIGIN example.test.
@ 3600 IN SOA ns hostmaster 1 7200 3600 1209600 300
@ 3600 IN NS ns
@ 3600 IN NSEC3PARAM 1 0 2 ABCD
''')
    sorted.eachWithIndex { byte[] h, int i ->
      String next = B32.toString(sorted[(i + 1) % sorted.size()])
      zone << "${B32.toString(h)} 300 IN NSEC3 1 0 2 ABCD ${next} A\n"
    }
    Path file = dir.resolve('example.test.zone')
    Files.writeString(file, zone.toString())
    index = BindZoneLoader.load(file).denial()
    assert origin && index.nsec3()
  }

  def "#name is matched by its own NSEC3 when it has one, and covered by the greatest hash before its own"() {
    given:
    byte[] h = hash(name)
    byte[] own = sorted.find { Arrays.equals(it, h) }
    List<byte[]> lower = sorted.findAll { Arrays.compareUnsigned(it, h) < 0 }
    byte[] before = lower ? lower.last() : sorted.last()

    expect:
    index.nsec3Matching(Name.fromString(name))?.toString() == (own == null ? null : owner(own))
    index.nsec3Covering(Name.fromString(name)).toString() == owner(before)

    where:
    name << NAMES + ['nope.example.test.', 'deep.nope.example.test.', 'c.b.a.example.test.', 'q.w.example.test.',
        '*.example.test.', 'EXAMPLE.test.', 'Www.Example.Test.']
  }

  def "the closest-encloser proof of #name names #encloser, its NSEC3, and the one covering #nextCloser"() {
    when:
    def proof = index.closestEncloser(Name.fromString(name), 2)

    then:
    proof.encloser().toString() == encloser
    proof.matching().toString() == owner(hash(encloser))
    proof.covering() == index.nsec3Covering(Name.fromString(nextCloser))

    where:
    name                         || encloser              | nextCloser
    'nope.example.test.'         || 'example.test.'       | 'nope.example.test.'
    'd.c.b.a.example.test.'      || 'b.a.example.test.'   | 'c.b.a.example.test.'
    'q.r.w.example.test.'        || 'w.example.test.'     | 'r.w.example.test.'
    'v.z.y.x.example.test.'      || 'z.y.x.example.test.' | 'v.z.y.x.example.test.'
  }

  static byte[] hash(String name) {
    NSEC3Record.hashName(Name.fromString(name), NSEC3Record.SHA1_DIGEST_ID, 2, SALT)
  }

  static String owner(byte[] hash) {
    B32.toString(hash).toLowerCase() + '.example.test.'
  }
}
