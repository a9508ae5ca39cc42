// views.conf.groovy: split horizon, as BIND's views. The same name answers one way to the
// clients inside and another to everyone else; docs/configuration.md says how views work.
//   java -jar target/loomdns.jar --config samples/views.conf.groovy
//   dig @127.0.0.1 -p 5353 -b 127.0.0.1 www.example.com    (inside: 10.0.0.80)
//   dig @127.0.0.1 -p 5353 -b 127.0.0.2 www.example.com    (outside: 192.0.2.80)

listen '127.0.0.1'
port 5353

// A query is answered by the first view that matches its source address (or its TSIG key).
view('internal') {
  matchClients '127.0.0.1', '10.0.0.0/8', '192.168.0.0/16'
  zone('example.com') {
    file '../zones/example.com.internal.zone'
    allowTransfer '127.0.0.1'       // an AXFR from inside gets this view's copy
  }
}

// Everyone else. With views every zone is in a view: a zone both serve is written in both.
view('external') {
  matchClients 'any'
  zone('example.com') { file '../zones/example.com.zone' }
  zone('2.0.192.in-addr.arpa') { file '../zones/2.0.192.in-addr.arpa.zone' }
}
