// example.com in the Groovy zone format: the same data as example.com.zone.
ttl = '1H'   // records without a ttl: live an hour, as $TTL 3600 says in the BIND file

zone = [
  SOA('example.com', mname: 'ns1.example.com', rname: 'hostmaster.example.com',
      serial: 2026112301, refresh: '2H', retry: '1H', expire: '2W',
      minimum: '5M'),          // negative answers are cached this long
  NS('example.com', 'ns1.example.com'),
  NS('example.com', 'ns2.example.com'),
  MX('example.com', 10, 'mail.example.com'),
  A('example.com', '192.0.2.1'),
  AAAA('example.com', '2001:db8::1'),
  TXT('example.com', 'v=spf1 mx -all'),
  A('ns1.example.com', '192.0.2.53'),
  A('ns2.example.com', '192.0.2.54'),
  A('www.example.com', '192.0.2.80'),
  AAAA('www.example.com', '2001:db8::80'),
  A('mail.example.com', '192.0.2.25'),
  CNAME('ftp.example.com', 'www.example.com'),
  SRV('_sip._udp.example.com', priority: 10, weight: 60, port: 5060, target: 'sip.example.com'),
  A('sip.example.com', '192.0.2.60'),
  A('*.users.example.com', '192.0.2.100'),
  // a.b.deep exists, so b.deep.example.com is an empty non-terminal
  TXT('a.b.deep.example.com', 'three labels down'),
  // a delegation, with its glue
  NS('lab.example.com', 'ns.lab.example.com'),
  A('ns.lab.example.com', '192.0.2.200'),
]
