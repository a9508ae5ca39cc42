// Names answered from a dictionary read from a file at load (dnspython's example server).
// The map is built once and never changed, so every query may read it at once.
def hosts = file('hosts.txt').readLines()
    .findAll { it.trim() && !it.startsWith('#') }
    .collectEntries { line -> def (name, address) = line.trim().split(/\s+/); [name.toLowerCase(), address] }
    .asImmutable()

rule(suffix: 'lan') { q, m ->
  def address = hosts[q.name.toLowerCase()]
  if (address == null) return nxdomain()
  q.type == A ? answer(A(q.name, address)) : nodata()
}
