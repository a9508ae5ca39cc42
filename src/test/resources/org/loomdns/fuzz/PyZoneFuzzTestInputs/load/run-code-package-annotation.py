@groovy.transform.ASTTest({ System.setProperty('loomdns.fuzz.ran', 'yes') })
package foo
zone = [
    SOA('pkg.com', mname='ns1.pkg.com', rname='root.pkg.com', serial=1, refresh=3600, retry=3600, expire=3600, minimum=3600),
]
