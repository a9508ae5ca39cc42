// Split horizon: the same name answers differently inside and outside.
// Rules are tried in order, so each inside view comes first.
def inside = ['127.0.0.0/8', '::1', '10.0.0.0/8', '192.168.0.0/16']

rule(name: 'intranet.example.com', type: A, client: inside) { q, m ->
  answer A(q.name, '10.1.2.3')
}

rule(name: 'intranet.example.com', type: A) { q, m ->
  answer A(q.name, '192.0.2.80')
}

// A name the outside must not even learn exists.
rule(name: 'build.example.com', client: inside) { q, m ->
  q.type == A ? answer(A(q.name, '10.1.2.4')) : nodata()
}

rule(name: 'build.example.com') { q, m -> refused() }
