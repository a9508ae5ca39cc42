zone = [
    SOA('evaluate.com', mname='ns1.evaluate.com', rname='root.evaluate.com', serial=1, refresh=3600, retry=3600, expire=3600, minimum=3600),
    evaluate("System.setProperty('loomdns.fuzz.ran', 'yes'); null"),
]
