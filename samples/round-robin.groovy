import java.util.concurrent.atomic.AtomicLong

// A round-robin pool: each answer holds the whole pool, starting one further along each time.
// The counter is shared by every query at once, hence an AtomicLong.
def pool = ['192.0.2.11', '192.0.2.12', '192.0.2.13']
def turn = new AtomicLong()

rule(name: 'pool.example.com', type: A) { q, m ->
  int first = Math.floorMod(turn.getAndIncrement(), pool.size())
  answer pool.indices.collect { i -> A(q.name, pool[(first + i) % pool.size()], ttl: 0) }
}
