package org.loomdns.client

/** The zones the client specs ask about, one text per zone, for loomdns and Knot alike. */
class ClientZones {

  /** Ten TXT strings of 200 bytes: over 2 KB, so no UDP reply of 512 or 1232 bytes holds them. */
  static final List<String> BIG_TXT = (0..<10).collect { i -> ('' + i) * 200 }

  static final String FORWARD = '''$ORIGIN client.test.
$TTL 300
@         SOA   ns1 hostmaster 1 7200 3600 1209600 60
@         NS    ns1
@         MX    10 mail
@         MX    5 mx0
@         TXT   "hello"
ns1       A     192.0.2.53
mail      A     192.0.2.25
mx0       A     192.0.2.26
www       A     192.0.2.80
www       AAAA  2001:db8::80
v4only    A     192.0.2.4
v6only    AAAA  2001:db8::6
alias     CNAME www
outside   CNAME www.other.test.
loop1     CNAME loop2
loop2     CNAME loop1
_sip._udp SRV   10 60 5060 sip
sip       A     192.0.2.60
odd       TXT   "a \\"quote\\" and \\\\ back" "caf\\195\\169" "two words"
''' + BIG_TXT.collect { "big       TXT   \"$it\"\n" }.join()

  static final String OTHER = '''$ORIGIN other.test.
$TTL 300
@         SOA   ns1.client.test. hostmaster.client.test. 1 7200 3600 1209600 60
@         NS    ns1.client.test.
www       A     192.0.2.180
'''

  static final String REVERSE4 = '''$ORIGIN 2.0.192.in-addr.arpa.
$TTL 300
@         SOA   ns1.client.test. hostmaster.client.test. 1 7200 3600 1209600 60
@         NS    ns1.client.test.
80        PTR   www.client.test.
25        PTR   mail.client.test.
'''

  static final String REVERSE6 = '''$ORIGIN 8.b.d.0.1.0.0.2.ip6.arpa.
$TTL 300
@         SOA   ns1.client.test. hostmaster.client.test. 1 7200 3600 1209600 60
@         NS    ns1.client.test.
0.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0 PTR www.client.test.
'''

  static final List<String> ALL = [FORWARD, OTHER, REVERSE4, REVERSE6]
}
