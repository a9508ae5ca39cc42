package org.loomdns.zone

import org.xbill.DNS.Name
import spock.lang.Specification

/**
 * A version's names as layers of changes over a flat map: the same names and nodes a copy would
 * hold, each listed once (in the flat map's order, which a copy would not keep for a name removed
 * and added again).
 */
class LayeredNodesSpec extends Specification {

  static final Name ORIGIN = Name.fromString('layers.example.')

  static Name name(int i) {
    Name.fromString("n${i}", ORIGIN)
  }

  static Node node() {
    new Node(new RecordSet[0], 0)
  }

  def "#versions versions of #edits random edits each over #size names hold what copies hold (seed #seed)"() {
    given:
    def random = new Random(seed)
    Map<Name, Node> flat = new LinkedHashMap<>()
    (0..<size).each { flat.put(name(it), node()) }
    Map<Name, Node> layered = flat
    Map<Name, Node> copied = new LinkedHashMap<>(flat)

    when:
    def agree = true
    versions.times {
      Map<Name, Node> changes = [:]
      edits.times {
        def n = name(random.nextInt(size * 2))
        changes[n] = random.nextInt(3) == 0 ? null : node()
      }
      layered = LayeredNodes.of(layered, changes)
      changes.each { n, v -> v == null ? copied.remove(n) : copied.put(n, v) }
      agree &= layered.size() == copied.size()
      def listed = layered.entrySet().collect { [it.key, it.value] }
      agree &= listed.size() == copied.size() && listed.collectEntries { it } == copied
      agree &= (0..<(size * 2)).every { layered.get(name(it)).is(copied.get(name(it))) && layered.containsKey(name(it)) == copied.containsKey(name(it)) }
    }

    then:
    agree

    where:
    size | versions | edits | seed
    10   | 30       | 3     | 1
    500  | 40       | 5     | 2
    500  | 5        | 200   | 3
    5000 | 20       | 30    | 4
  }

  def "a name removed and then added again comes back at its old place"() {
    given:
    Map<Name, Node> flat = new LinkedHashMap<>()
    (0..<5).each { flat.put(name(it), node()) }
    def again = node()

    when:
    def gone = LayeredNodes.of(flat, [(name(2)): null])
    def back = LayeredNodes.of(gone, [(name(2)): again])

    then:
    gone.keySet() as List == [name(0), name(1), name(3), name(4)]
    gone.get(name(2)) == null
    back.keySet() as List == (0..<5).collect { name(it) }
    back.get(name(2)).is(again)
    flat.size() == 5
  }
}
