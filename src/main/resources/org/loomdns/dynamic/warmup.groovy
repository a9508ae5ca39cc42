// Run a few times at the first load, before any query: it makes the JVM load and link what most
// rules use (Groovy's call sites, the record constructors, dnsjava's parsers), which otherwise the
// first real queries would pay for, past their time limit.
import java.util.concurrent.atomic.AtomicLong

def turn = new AtomicLong()
def table = [a: '192.0.2.1', b: '192.0.2.2'].asImmutable()

rule(type: A, name: ~/warm(\d+)\..*/) { q, m ->
  int n = m[1] as int
  n <= 255 ? answer(A(q.name, "192.0.2.$n")) : nxdomain()
}
rule(name: 'pool.warm.invalid', type: [A, AAAA], client: ['127.0.0.0/8', '::1'], transport: UDP) { q, m ->
  int first = Math.floorMod(turn.getAndIncrement(), table.size())
  answer table.values().toList().indices.collect { i -> A(q.name, table.values()[(first + i) % table.size()], ttl: 0) }
}
rule(suffix: 'dict.warm.invalid') { q, m ->
  def address = table[q.name.toLowerCase().tokenize('.')[0]]
  if (address == null) return nxdomain()
  q.type == A ? answer(A(q.name, address), authority: [NS('warm.invalid', 'ns.warm.invalid')]) : nodata()
}
rule(name: '*.glob.warm.invalid') { q, m ->
  answer TXT(q.name, m[1], "$q.typeName", q.client.hostAddress), AAAA(q.name, '2001:db8::1'), MX(q.name, 10, 'mx.warm.invalid')
}
rule { q, m -> pass() }
