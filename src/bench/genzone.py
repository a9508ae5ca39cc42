#!/usr/bin/env python3
"""Writes the benchmark zone (BIND and Groovy DSL) and the dnsperf query files.

The zone is bench.test.: HOSTS hosts with an A and an AAAA each; every tenth host also has an MX
and a TXT; one alias (CNAME) per ten hosts; a wildcard *.users; a delegation sub. with glue.
The same generator, with more hosts, writes the 1,000,000-record zone of the load test.
"""
import argparse
import os
import random

ORIGIN = "bench.test."


def host_a(i):
    return "10.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)


def host_aaaa(i):
    return "2001:db8::%x:%x" % (i >> 16, i & 0xFFFF)


def records(hosts):
    """(owner relative to the origin, type, rdata as in a BIND file), apex first."""
    yield "@", "SOA", "ns1.bench.test. hostmaster.bench.test. 2026112301 7200 3600 1209600 300"
    yield "@", "NS", "ns1.bench.test."
    yield "@", "NS", "ns2.bench.test."
    yield "@", "MX", "10 mail.bench.test."
    yield "@", "A", "192.0.2.1"
    yield "ns1", "A", "192.0.2.53"
    yield "ns2", "A", "192.0.2.54"
    yield "mail", "A", "192.0.2.25"
    yield "*.users", "A", "192.0.2.100"
    yield "sub", "NS", "ns.sub.bench.test."
    yield "ns.sub", "A", "192.0.2.200"
    for i in range(hosts):
        h = "host%d" % i
        yield h, "A", host_a(i)
        yield h, "AAAA", host_aaaa(i)
        if i % 10 == 0:
            yield h, "MX", "10 mail.bench.test."
            yield h, "TXT", '"v=spf1 ip4:%s -all"' % host_a(i)
            yield "alias%d" % (i // 10), "CNAME", "%s.bench.test." % h


def write_bind(path, hosts):
    with open(path, "w") as f:
        f.write("$ORIGIN %s\n$TTL 3600\n" % ORIGIN)
        n = 0
        for owner, rtype, rdata in records(hosts):
            f.write("%s\tIN\t%s\t%s\n" % (owner, rtype, rdata))
            n += 1
    return n


def groovy_name(owner):
    return ORIGIN[:-1] if owner == "@" else "%s.%s" % (owner, ORIGIN[:-1])


def write_groovy(path, hosts):
    """The same zone as a Groovy script in the style of Twisted's pyzone: a list named zone."""
    with open(path, "w") as f:
        f.write("// bench.test. written by src/bench/genzone.py; the same zone as bench.test.zone\n")
        f.write("ttl = '1H'\n\nzone = [\n")
        for owner, rtype, rdata in records(hosts):
            name = groovy_name(owner)
            if rtype == "SOA":
                mname, rname, serial, refresh, retry, expire, minimum = rdata.split()
                f.write("  SOA('%s', mname: '%s', rname: '%s', serial: %s, refresh: %s, retry: %s, "
                        "expire: %s, minimum: %s),\n"
                        % (name, mname[:-1], rname[:-1], serial, refresh, retry, expire, minimum))
            elif rtype == "MX":
                pref, exchange = rdata.split()
                f.write("  MX('%s', %s, '%s'),\n" % (name, pref, exchange[:-1]))
            elif rtype == "TXT":
                f.write("  TXT('%s', '%s'),\n" % (name, rdata.strip('"')))
            elif rtype in ("NS", "CNAME"):
                f.write("  %s('%s', '%s'),\n" % (rtype, name, rdata[:-1]))
            else:
                f.write("  %s('%s', '%s'),\n" % (rtype, name, rdata))
        f.write("]\n")


def queries(hosts, count, rng):
    """The mix: 70% A/AAAA of hosts, 10% MX/TXT, 10% NXDOMAIN, 5% CNAME, 5% wildcard."""
    mailed = (hosts + 9) // 10
    for _ in range(count):
        p = rng.random()
        if p < 0.70:
            yield "host%d.%s %s" % (rng.randrange(hosts), ORIGIN, rng.choice(("A", "AAAA")))
        elif p < 0.80:
            yield "host%d.%s %s" % (10 * rng.randrange(mailed), ORIGIN, rng.choice(("MX", "TXT")))
        elif p < 0.90:
            yield "nohost%d.%s A" % (rng.randrange(10 * hosts), ORIGIN)
        elif p < 0.95:
            yield "alias%d.%s A" % (rng.randrange(mailed), ORIGIN)
        else:
            yield "u%d.users.%s A" % (rng.randrange(10 * hosts), ORIGIN)


def dynamic_queries(count, rng):
    """Names only the workstation rule answers: workstationN.corp.test. A, N in 1..254."""
    for _ in range(count):
        yield "workstation%d.corp.test. A" % rng.randint(1, 254)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--hosts", type=int, default=10000)
    ap.add_argument("--queries", type=int, default=100000)
    ap.add_argument("--out", required=True, help="directory to write into")
    ap.add_argument("--zone-only", action="store_true", help="write the BIND zone file alone")
    ap.add_argument("--seed", type=int, default=53)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    n = write_bind(os.path.join(a.out, "bench.test.zone"), a.hosts)
    if not a.zone_only:
        write_groovy(os.path.join(a.out, "bench.test.groovy"), a.hosts)
        rng = random.Random(a.seed)
        with open(os.path.join(a.out, "queries.txt"), "w") as f:
            f.writelines(q + "\n" for q in queries(a.hosts, a.queries, rng))
        with open(os.path.join(a.out, "queries-dynamic.txt"), "w") as f:
            f.writelines(q + "\n" for q in dynamic_queries(a.queries // 10, rng))
    print(n)


if __name__ == "__main__":
    main()
