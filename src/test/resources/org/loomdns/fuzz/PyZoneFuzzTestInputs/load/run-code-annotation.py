@groovy.transform.ASTTest({ System.setProperty('loomdns.fuzz.ran', 'yes') })
def zone = [
    SOA('asttest.com', mname='ns1.asttest.com', rname='root.asttest.com', serial=1, refresh=3600, retry=3600, expire=3600, minimum=3600),
]
