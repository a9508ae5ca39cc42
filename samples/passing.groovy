import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.LongAdder

// A rule that only counts and passes: every query goes on down the chain (Twisted's DomainError).
// The counts are kept per type, safely under concurrent queries.
def seen = new ConcurrentHashMap<String, LongAdder>()

rule { q, m ->
  seen.computeIfAbsent(q.typeName) { new LongAdder() }.increment()
  pass()
}

// The counts themselves, as TXT: dig count.loomdns.internal TXT
rule(name: 'count.loomdns.internal', type: TXT) { q, m ->
  answer seen.collect { type, n -> TXT(q.name, "$type=$n", ttl: 0) }.sort { it.rdataToString() }
}
