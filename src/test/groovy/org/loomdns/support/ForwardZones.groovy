package org.loomdns.support

/** The two zones of the forwarder specs: ours (home.test) and the upstream's (example.test). */
class ForwardZones {

  static final String OWN = '''$ORIGIN home.test.
$TTL 3600
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 192.168.1.1
nas IN A 192.168.1.10
'''

  /** www lives 300 s, brief 2 s; negative answers are kept 60 s. */
  static final String UPSTREAM = '''$ORIGIN example.test.
$TTL 300
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 60
@ IN NS ns1
ns1 IN A 192.0.2.53
www IN A 192.0.2.80
brief 2 IN A 192.0.2.81
'''
}
