# every literal form the translator reads
zone = [
    SOA('fuzz.example', mname=u"ns.fuzz.example", rname=r'h.fuzz.example', serial=0o17, refresh='1H', retry=60, expire=True, minimum=None),
    TXT('fuzz.example', """multi
line""", b'\x41\101\u00e9\n'),
    NS('fuzz.example', 'ns.fuzz.example',),
    A('fuzz.example', \
      '192.0.2.1'),
]
