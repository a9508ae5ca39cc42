package org.loomdns.zone

import org.xbill.DNS.Name
import spock.lang.Specification

/**
 * A zone's name map: what a LinkedHashMap of the same puts would hold, in the same order, with
 * names equal whatever their case, names that dnsjava hashes alike kept apart, and no removal.
 */
class NameMapSpec extends Specification {

  static Name n(String s) {
    Name.fromString(s)
  }

  def "#count names put one by one are all found, in the order they came, from a map sized for #expected"() {
    given:
    def map = new NameMap<Integer>(expected)
    def names = (0..<count).collect { n("host${it}.bench.test.") }

    when:
    names.eachWithIndex { name, i -> map.put(name, i) }

    then:
    map.size() == count
    names.withIndex().every { name, i -> map.get(name) == i }
    map.keySet().toList() == names
    map.entrySet().collect { it.value } == (0..<count).toList()
    !map.containsKey(n("host${count}.bench.test."))

    where:
    count   | expected
    0       | 8
    1       | 8
    9       | 8
    1000    | 8
    100_000 | 8
    1000    | 1000
    1000    | 5000
  }

  def "#a and #b, which dnsjava hashes alike, are two keys"() {
    given:
    def map = new NameMap<String>()

    when:
    map.put(n(a), 'a')
    map.put(n(b), 'b')

    then:
    n(a).hashCode() == n(b).hashCode()
    map.size() == 2
    map.get(n(a)) == 'a'
    map.get(n(b)) == 'b'

    where:
    a                      | b
    'host19.bench.test.'   | 'host20.bench.test.'
    'alias29.bench.test.'  | 'alias30.bench.test.'
    'host109.bench.test.'  | 'host110.bench.test.'
  }

  def "#put and #asked are the same key, whatever their case"() {
    given:
    def map = new NameMap<String>()
    map.put(n(put), 'first')

    when:
    def old = map.put(n(asked), 'second')

    then:
    old == 'first'
    map.size() == 1
    map.get(n(put)) == 'second'
    map.containsKey(n(asked))
    NameMap.hash(n(put)) == NameMap.hash(n(asked))

    where:
    put                   | asked
    'Host1.Bench.Test.'   | 'host1.bench.test.'
    'WWW.EXAMPLE.'        | 'www.example.'
    'example.'            | 'EXAMPLE.'
  }

  def "putIfAbsent keeps the first value and reports it"() {
    given:
    def map = new NameMap<String>()

    when:
    def first = map.putIfAbsent(n('a.example.'), 'one')
    def second = map.putIfAbsent(n('A.example.'), 'two')

    then:
    first == null
    second == 'one'
    map.get(n('a.example.')) == 'one'
    map.size() == 1
  }

  def "a copy holds what a LinkedHashMap of #count random puts over #distinct names holds, in its order"() {
    given:
    def random = new Random(count)
    def reference = new LinkedHashMap<Name, Integer>()
    def map = new NameMap<Integer>()

    when:
    count.times {
      def name = n("n${random.nextInt(distinct)}.Example.")
      reference.put(name, it)
      map.put(name, it)
    }
    def copy = NameMap.copyOf(map)

    then:
    map == reference
    copy == reference
    copy.keySet().toList() == reference.keySet().toList()
    copy.entrySet().toList() == reference.entrySet().toList()

    where:
    count  | distinct
    10     | 3
    5000   | 100
    20_000 | 50_000
  }

  def "#what is refused: the map only grows"() {
    given:
    def map = new NameMap<String>()
    map.put(n('a.example.'), 'a')

    when:
    action(map)

    then:
    thrown(expected)
    map.get(n('a.example.')) == 'a'

    where:
    what                | action                                     | expected
    'removing a name'   | { it.remove(n('a.example.')) }             | UnsupportedOperationException
    'clearing'          | { it.clear() }                             | UnsupportedOperationException
    'a null value'      | { it.put(n('a.example.'), null) }          | NullPointerException
  }

  def "a key that is not a name is not found"() {
    given:
    def map = new NameMap<String>()
    map.put(n('a.example.'), 'a')

    expect:
    map.get('a.example.') == null
    !map.containsKey('a.example.')
  }

  def "#a and #b are the same name: #expected, as dnsjava's equals says"() {
    expect:
    NameMap.same(n(a), n(b)) == expected
    n(a).equals(n(b)) == expected

    where:
    a                    | b                     | expected
    'host1.example.'     | 'HOST1.Example.'      | true
    'host19.example.'    | 'host20.example.'     | false
    'a.b.example.'       | 'ab.example.'         | false
    'a.example.'         | 'a.example.net.'      | false
    '.'                  | '.'                   | true
  }

  def "a name added keeps its index, and a value set there is what get finds"() {
    given:
    def map = new NameMap<String>()

    when:
    def first = map.addIfAbsent(n('a.example.'), 'a')
    def second = map.addIfAbsent(n('b.example.'), 'b')
    def again = map.addIfAbsent(n('A.Example.'), 'other')
    map.setValueAt(first, 'a2')

    then:
    first == 0
    second == 1
    again == -1
    map.valueAt(0) == 'a2'
    map.get(n('a.example.')) == 'a2'
    map.size() == 2
  }
}
