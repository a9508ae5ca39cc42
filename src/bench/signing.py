#!/usr/bin/env python3
"""Online signing: a 100k-record zone signed at start, and signed answers of a Groovy rule.

  python3 src/bench/signing.py [--hosts 45000] [--reps 3] [--seconds 10] [--jar target/loomdns.jar] [--out DIR]

1. Signing at start. genzone's zone (HOSTS hosts, some 100,000 records) is signed by loomdns
   (--dnssec-keys, keys made at start: ECDSA P-256 KSK and ZSK), from the start of the JVM to the
   first answer, with its peak resident memory (VmHWM); the same zone served unsigned as the
   baseline; and dnssec-signzone signing the same file with the same kind of keys (NSEC3, no
   iterations, no salt), wall time and peak RSS. One core each for the server (taskset -c 1).
   Knot DNS signing the same file online (dnssec-signing: on, keys made by its automatic key
   management at start: ECDSA P-256, NSEC3 with no iterations and no salt, as loomdns), from start
   to its first signed answer (an RRSIG with the SOA), with its peak RSS.
2. Rule answers. The workstation rule of src/bench/run (workstationN.corp.test. A) answered with
   DO, without keys and with keys for corp.test (from dnssec-keygen): dnsperf -D -c 4 -q 200 on
   core 0, REPS rounds of SECONDS, medians; the ratio is signed over unsigned queries/s.
Every process is stopped by its PID. Writes OUT/results.md.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchtool  # noqa: E402
import genzone  # noqa: E402
from dnssec import dnsperf  # noqa: E402

ORIGIN = genzone.ORIGIN
SERVER_CORE = "1"
RULE = 'rule(type: A, name: ~/workstation(\\d+)\\..*/) { q, m -> answer A(q.name, "172.0.2.${m[1]}") }\n'


def loomdns(jar, work, args, tag):
    port = benchtool.freeport()
    cmd = ["taskset", "-c", SERVER_CORE, "java", "-jar", jar, "--port", str(port), "-i", "127.0.0.1"] + args
    log = open(os.path.join(work, "loomdns-%s.log" % tag), "w")
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), port


def start_time(jar, work, zone, keys, tag):
    """Seconds from start to the first answer, and peak RSS in MiB."""
    args = ["--bindzone", zone] + (["--dnssec-keys", keys] if keys else [])
    start = time.monotonic()
    proc, port = loomdns(jar, work, args, tag)
    try:
        if not benchtool.poll(port, ORIGIN, "SOA", 600, lambda: proc.poll() is None):
            raise SystemExit("loomdns did not answer (%s)" % tag)
        elapsed = time.monotonic() - start
        return elapsed, benchtool.hwm(proc.pid) / 1024
    finally:
        benchtool.stop(proc)


def keygen(work, zone):
    for extra in (["-f", "KSK"], []):
        subprocess.run(["dnssec-keygen", "-q", "-K", work, "-a", "ECDSAP256SHA256"] + extra + [zone],
                       check=True, capture_output=True, timeout=60)


def signzone(work, zone):
    keys = os.path.join(work, "signzone-keys")
    os.makedirs(keys)
    keygen(keys, ORIGIN)
    start = time.monotonic()
    proc = subprocess.Popen(["taskset", "-c", SERVER_CORE, "dnssec-signzone", "-q", "-S", "-K", keys, "-d", work, "-o", ORIGIN,
                             "-3", "-", "-H", "0", "-f", os.path.join(work, "signed.zone"), zone],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None and time.monotonic() - start < 1200:
        peak = max(peak, benchtool.hwm(proc.pid))  # its own peak, read while it runs
        time.sleep(0.2)
    if proc.poll() is None:
        proc.kill()
    if proc.wait() != 0:
        raise SystemExit("dnssec-signzone failed")
    return time.monotonic() - start, peak / 1024


KNOT_CONF = """server:
    rundir: "{run}"
    listen: 127.0.0.1@{port}
control:
    listen: "{run}/knot.sock"
database:
    storage: "{run}"
log:
  - target: stderr
    any: info
policy:
  - id: online
    algorithm: ecdsap256sha256
    nsec3: on
    nsec3-iterations: 0
    nsec3-salt-length: 0
template:
  - id: default
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
zone:
  - domain: {origin}
    file: "{zone}"
    dnssec-signing: on
    dnssec-policy: online
"""


def signed_soa(port):
    """Whether the SOA comes with its RRSIG (the zone is served signed)."""
    out = subprocess.run(["dig", "@127.0.0.1", "-p", str(port), ORIGIN, "SOA", "+dnssec", "+norec", "+time=1",
                          "+tries=1"], capture_output=True, text=True, timeout=10).stdout
    return re.search(r"\sRRSIG\s+SOA\s", out) is not None


def knot_online(work, zone):
    """Seconds from knotd's start to its first signed answer, and peak RSS in MiB."""
    port = benchtool.freeport()
    run = os.path.join(work, "knot-online")
    os.makedirs(run)
    with open(os.path.join(run, "knot.conf"), "w") as f:
        f.write(KNOT_CONF.format(run=run, port=port, origin=ORIGIN, zone=zone))
    log = open(os.path.join(run, "knotd.log"), "w")
    start = time.monotonic()
    proc = subprocess.Popen(["taskset", "-c", SERVER_CORE, "knotd", "-c", os.path.join(run, "knot.conf")],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        while time.monotonic() - start < 1200 and proc.poll() is None:
            if benchtool.answered(port, ORIGIN, "SOA", 0.05) and signed_soa(port):
                return time.monotonic() - start, benchtool.hwm(proc.pid) / 1024
            time.sleep(0.01)
        raise SystemExit("knotd did not serve the zone signed (see %s)" % run)
    finally:
        benchtool.stop(proc)


def rule_qps(jar, work, queries, keys, reps, seconds, tag):
    rules = os.path.join(work, "workstation.groovy")
    with open(rules, "w") as f:
        f.write(RULE)
    proc, port = loomdns(jar, work, ["--script", rules] + (["--dnssec-keys", keys] if keys else []), tag)
    try:
        if not benchtool.poll(port, "workstation1.corp.test.", "A", 120, lambda: proc.poll() is None):
            raise SystemExit("loomdns did not answer the rule (%s)" % tag)
        dnsperf(port, queries, 3)  # warm-up
        return [dnsperf(port, queries, seconds)[0] for _ in range(reps)]
    finally:
        benchtool.stop(proc)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hosts", type=int, default=45000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--jar", default="target/loomdns.jar")
    ap.add_argument("--out", default="target/bench/signing")
    a = ap.parse_args()
    jar = os.path.abspath(a.jar)
    os.makedirs(a.out, exist_ok=True)
    work = os.path.abspath(os.path.join(a.out, "work-%d" % os.getpid()))
    os.makedirs(work)
    records = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "genzone.py"),
                              "--hosts", str(a.hosts), "--queries", "20000", "--out", work],
                             check=True, capture_output=True, text=True, timeout=300).stdout.strip()
    zone = os.path.join(work, "bench.test.zone")
    keys = os.path.join(work, "loomdns-keys")
    os.makedirs(keys)
    unsigned = start_time(jar, work, zone, None, "unsigned")
    signed = start_time(jar, work, zone, keys, "signed")
    log = open(os.path.join(work, "loomdns-signed.log")).read()
    signing_ms = re.search(r"signed zone \S+ serial \d+ \((\d+) records\) in (\d+) ms", log)
    knot = knot_online(work, zone)
    bind = signzone(work, zone)
    rule_keys = os.path.join(work, "rule-keys")
    os.makedirs(rule_keys)
    keygen(rule_keys, "corp.test.")
    queries = os.path.join(work, "queries-dynamic.txt")
    plain = statistics.median(rule_qps(jar, work, queries, None, a.reps, a.seconds, "rule"))
    with_sigs = statistics.median(rule_qps(jar, work, queries, rule_keys, a.reps, a.seconds, "rule-signed"))
    lines = ["Zone of %s records (%s once signed by loomdns):" % (records, signing_ms.group(1) if signing_ms else "?"),
             "", "| | start to first answer (s) | of which signing (s) | peak RSS (MiB) |", "|---|---:|---:|---:|",
             "| loomdns, unsigned | %.1f | | %.0f |" % unsigned,
             "| loomdns --dnssec-keys | %.1f | %.1f | %.0f |" % (signed[0],
                                                              int(signing_ms.group(2)) / 1000 if signing_ms else 0,
                                                              signed[1]),
             "| knotd, dnssec-signing: on (NSEC3, 0 iterations) | %.1f | | %.0f |" % knot,
             "| dnssec-signzone -S -3 - -H 0 | %.1f | %.1f | %.0f |" % (bind[0], bind[0], bind[1]), "",
             "| workstation rule, DO | answers/s |", "|---|---:|",
             "| unsigned (no keys) | %s |" % format(round(plain), ","),
             "| signed online (keys for corp.test) | %s |" % format(round(with_sigs), ","),
             "| ratio | %.2f |" % (with_sigs / plain if plain else 0)]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(a.out, "results.md"), "w") as f:
        f.write(text)
    print(text)
    shutil.rmtree(os.path.join(work, "signzone-keys"), ignore_errors=True)


if __name__ == "__main__":
    main()
