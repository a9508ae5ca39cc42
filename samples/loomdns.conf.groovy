// loomdns.conf.groovy: the setup of samples/equivalents/Corefile (CoreDNS) and
// samples/equivalents/knot.conf (Knot), as a loomdns configuration file.
//   java -jar target/loomdns.jar --config samples/loomdns.conf.groovy
// Each setting is named after its command-line option (--max-udp-payload: maxUdpPayload);
// options given on the command line win over the file. Relative paths are relative to this file.
// docs/configuration.md lists every setting.

// Listeners: where and on which port (a change needs a restart; SIGHUP says so in the log).
listen '127.0.0.1', '::1'
port 5353

// A TSIG key, as --tsig-key hmac-sha256:xfr:SECRET says it. In production read the secret
// from the environment instead: secret: env('LOOMDNS_XFR_SECRET').
key 'xfr', algorithm: 'hmac-sha256', secret: 'bG9vbWRucyBzYW1wbGUga2V5IGZvciB0cmFuc2ZlcnM='

// Who may transfer our zones (AXFR/IXFR): loopback, or anyone signing with the key.
allowTransfer '127.0.0.0/8', 'key:xfr'

// The zones we are primary for, one block each (SIGHUP adds, removes and reloads them).
zone('example.com') {
  file '../zones/example.com.zone'
}
zone('2.0.192.in-addr.arpa') {
  file '../zones/2.0.192.in-addr.arpa.zone'
}

// Everything else: forwarded to these resolvers, in order, and cached.
forward '127.0.0.1:5399'
forwardTimeout 500
forwardBudget 1000
cache true
cacheSize '64m'
cacheMaxTtl 3600

// Limits for a server on a public address.
maxUdpPayload 1232
maxTcpConnections 500
rateLimit 0
