// The seed's trick: workstation<N>.<anything> has the address 172.0.2.N, computed per query.
// Every other name passes to the next stage. (Same as: --dynamic workstation 172.0.2)
rule(type: A, name: ~/workstation(\d+)\..*/) { q, m ->
  int n = m[1] as int
  n <= 255 ? answer(A(q.name, "172.0.2.$n")) : nxdomain()
}
