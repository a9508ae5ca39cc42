#!/usr/bin/env python3
"""Signed answers per second: loomdns and Knot DNS serving the same pre-signed zone, queried with DO.

  python3 src/bench/dnssec.py [--hosts 10000] [--reps 5] [--seconds 10] [--jar target/loomdns.jar] [--out DIR]

The zone of src/bench/genzone.py (10,000 hosts) is signed with dnssec-keygen (ECDSA P-256, a KSK
and a ZSK) and dnssec-signzone, once with NSEC and once with NSEC3 (no iterations, no salt). For
each chain, loomdns (with its packet cache and without it: --packet-cache 0, every query answered
in full) and knotd serve the signed file on 127.0.0.1 and free ports, pinned to core 1,
and dnsperf (-D: the DO bit on every query; -c 4 -q 200) on core 0 sends genzone's mix (70% A/AAAA,
10% MX/TXT, 10% NXDOMAIN, 5% CNAME, 5% wildcard). After a warm-up the servers take turns, REPS
rounds of SECONDS each; medians of queries/s and of queries per server CPU-second. Every process
is stopped by its PID. Writes OUT/results.md.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchtool  # noqa: E402
import genzone  # noqa: E402

ORIGIN = genzone.ORIGIN
SERVER_CORE, CLIENT_CORE = "1", "0"


def sign(work, chain):
    """The signed zone file for chain (nsec or nsec3), keys made in work."""
    zone = os.path.join(work, "bench.test.zone")
    keys = []
    for extra in (["-f", "KSK"], []):
        name = subprocess.run(["dnssec-keygen", "-q", "-K", work, "-a", "ECDSAP256SHA256"] + extra + [ORIGIN],
                              check=True, capture_output=True, text=True, timeout=60).stdout.strip()
        keys.append(open(os.path.join(work, name + ".key")).read())
    unsigned = os.path.join(work, "%s.unsigned" % chain)
    with open(zone) as src, open(unsigned, "w") as out:
        out.write(src.read())
        out.writelines(keys)
    signed = os.path.join(work, "%s.signed" % chain)
    args = ["-3", "-", "-H", "0"] if chain == "nsec3" else []
    subprocess.run(["dnssec-signzone", "-q", "-K", work, "-d", work, "-o", ORIGIN, "-f", signed] + args + [unsigned],
                   check=True, capture_output=True, timeout=600)
    return signed


def start_loomdns(jar, zone, work, more=()):
    port = benchtool.freeport()
    cmd = ["taskset", "-c", SERVER_CORE, "java", "-jar", jar, "--bindzone", zone, "--port", str(port),
           "-i", "127.0.0.1"] + list(more)
    log = open(os.path.join(work, "loomdns-%d.log" % port), "w")
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), port


def start_knot(zone, work):
    port = benchtool.freeport()
    run = os.path.join(work, "knot-%d" % port)
    os.makedirs(run)
    with open(os.path.join(run, "knot.conf"), "w") as f:
        f.write("""server:
    rundir: "%s"
    listen: 127.0.0.1@%d
control:
    listen: "%s/knot.sock"
database:
    storage: "%s"
log:
  - target: stderr
    any: warning
template:
  - id: default
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
zone:
  - domain: %s
    file: "%s"
""" % (run, port, run, run, ORIGIN, zone))
    log = open(os.path.join(run, "knotd.log"), "w")
    cmd = ["taskset", "-c", SERVER_CORE, "knotd", "-c", os.path.join(run, "knot.conf")]
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), port


def dnsperf(port, queries, seconds):
    out = subprocess.run(["taskset", "-c", CLIENT_CORE, "dnsperf", "-D", "-s", "127.0.0.1", "-p", str(port),
                          "-d", queries, "-c", "4", "-q", "200", "-l", str(seconds)],
                         capture_output=True, text=True, timeout=seconds + 60).stdout
    return benchtool.dnsperf_figures(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hosts", type=int, default=10000)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--jar", default="target/loomdns.jar")
    ap.add_argument("--out", default="target/bench/dnssec")
    a = ap.parse_args()
    work, zone, queries = benchtool.bench_zone(a.out, a.hosts)
    rows = []
    for chain in ("nsec", "nsec3"):
        zone = sign(work, chain)
        servers = {}
        try:
            for name, starter in (("loomdns", lambda: start_loomdns(os.path.abspath(a.jar), zone, work)),
                                  ("loomdns --packet-cache 0", lambda: start_loomdns(
                                      os.path.abspath(a.jar), zone, work, ["--packet-cache", "0"])),
                                  ("Knot DNS", lambda: start_knot(zone, work))):
                _, port = benchtool.start_answering(servers, name, starter, ORIGIN,
                                                    "%s with the %s zone" % (name, chain))
                dnsperf(port, queries, 3)  # warm-up
            runs = {name: [] for name in servers}
            for _ in range(a.reps):
                for name, (proc, port) in servers.items():
                    before = benchtool.cpu(proc.pid)
                    qps, completed, lost = dnsperf(port, queries, a.seconds)
                    used = benchtool.cpu(proc.pid) - before
                    runs[name].append((qps, completed / used if used > 0 else 0, lost))
            for name, r in runs.items():
                rows.append((chain, name, statistics.median(x[0] for x in r),
                             statistics.median(x[1] for x in r), sum(x[2] for x in r)))
        finally:
            for proc, _ in servers.values():
                benchtool.stop(proc)
    lines = ["| zone | server | signed answers/s (DO) | per server CPU-s | lost |", "|---|---|---:|---:|---:|"]
    lines += ["| %s | %s | %s | %s | %d |" % (c, n, format(round(q), ","), format(round(p), ","), l)
              for c, n, q, p, l in rows]
    benchtool.write_results(a.out, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
