#!/usr/bin/env python3
"""Dynamic update benchmark: signed RFC 2136 updates a second, Knot and BIND (and loomdns, once it
takes updates), on the same machine, with the same TSIG key and the same small zone.

  python3 src/bench/update.py [--count 2000] [--reps 3] [--servers knot,bind] [--jar target/loomdns.jar]

For each server in turn (they take turns, so a noisy spell falls on all alike): a fresh server
starts on 127.0.0.1 and a free port with a 10-record zone that takes updates signed with one
hmac-sha256 key; the load (src/bench/UpdateLoad.java on loomdns's client, one JVM, run from the
jar, warmed up with 200 untimed updates) then sends COUNT updates, each adding one A record at a
new name, one after another from one client; then COUNT more from 10 concurrent clients. Every
update must be answered NOERROR with a verified TSIG. Each phase stops after LIMIT seconds; each
server is stopped by its PID. Writes OUT/results.md with the medians.

`--servers knot,bind,loom` adds loomdns (--bindzone, --tsig-key, --allow-update).

`--queries RATE` adds a third phase: dnsperf asks the zone's names (answers, a CNAME, NXDOMAIN) for
SECONDS (`--query-seconds`, 10) with no updates, then again while one client streams RATE signed
updates a second into the same zone; the table gets both query rates and their ratio.
"""
import argparse
import os
import re
import platform
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchtool  # noqa: E402

ORIGIN = "update.test."
KEY_NAME = "bench-key"
SECRET = "YmVuY2gtc2VjcmV0LWJlbmNoLXNlY3JldC1iZW5jaC1zZWNyZXQ="
KEY = "hmac-sha256:%s:%s" % (KEY_NAME, SECRET)
LIMIT = 120  # seconds any one phase may take
WARMUP = 200
ZONE = """$ORIGIN update.test.
$TTL 300
@     SOA  ns1 hostmaster 1 7200 3600 1209600 60
@     NS   ns1
@     MX   10 mail
ns1   A    192.0.2.53
mail  A    192.0.2.25
www   A    192.0.2.80
www   AAAA 2001:db8::80
ftp   CNAME www
@     TXT  "v=spf1 -all"
_sip._udp SRV 10 60 5060 www
"""


class Knot:
    name = "Knot"

    def __init__(self, work, port, zonefile, jar):
        conf = ["server:", '  rundir: "%s"' % work, "  listen: 127.0.0.1@%d" % port,
                "  udp-workers: 1", "  tcp-workers: 1", "  background-workers: 1",
                "database:", '  storage: "%s"' % work, "control:", '  listen: "%s/knot.sock"' % work,
                "log:", "  - target: stderr", "    any: notice",
                "key:", "  - id: %s" % KEY_NAME, "    algorithm: hmac-sha256", "    secret: %s" % SECRET,
                "acl:", "  - id: update", "    key: %s" % KEY_NAME, "    action: update",
                "zone:", "  - domain: %s" % ORIGIN, "    acl: update", "    zonefile-sync: -1",
                "    journal-content: changes", '    file: "%s"' % zonefile]
        with open(os.path.join(work, "knot.conf"), "w") as f:
            f.write("\n".join(conf) + "\n")
        self.cmd = ["knotd", "-c", os.path.join(work, "knot.conf")]


class Bind:
    name = "BIND"

    def __init__(self, work, port, zonefile, jar):
        conf = """key "%s" { algorithm hmac-sha256; secret "%s"; };
options {
    directory "%s";
    pid-file "%s/named.pid";
    listen-on port %d { 127.0.0.1; };
    listen-on-v6 { none; };
    recursion no;
    notify no;
    dnssec-validation no;
};
zone "%s" { type primary; file "%s"; allow-update { key "%s"; }; };
""" % (KEY_NAME, SECRET, work, work, port, ORIGIN, zonefile, KEY_NAME)
        with open(os.path.join(work, "named.conf"), "w") as f:
            f.write(conf)
        self.cmd = ["named", "-g", "-n", "1", "-c", os.path.join(work, "named.conf")]


class Loom:
    name = "loomdns"

    def __init__(self, work, port, zonefile, jar):
        self.cmd = ["java", "-jar", jar, "--interface", "127.0.0.1", "--port", str(port), "--bindzone", zonefile,
                    "--tsig-key", KEY, "--allow-update", KEY_NAME]


SERVERS = {"knot": Knot, "bind": Bind, "loom": Loom}


def load(jar, port, count, clients, prefix):
    """(updates a second, made) for COUNT updates from CLIENTS clients; fails unless all were made."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(["java", "-cp", jar, os.path.join(here, "UpdateLoad.java"), str(port), ORIGIN, KEY,
                          str(count), str(clients), prefix, str(LIMIT), str(WARMUP if clients == 1 else 0)],
                         capture_output=True, text=True, timeout=LIMIT + 60)
    if out.returncode != 0:
        raise RuntimeError("the load failed: %s" % (out.stderr.strip().splitlines() or ["?"])[-1])
    words = out.stdout.split()
    made, refused, failed, seconds = int(words[1]), int(words[3]), int(words[5]), float(words[7])
    if refused or failed or made < count:
        raise RuntimeError("%d of %d updates made (%d refused, %d failed, %.0f s)" % (made, count, refused, failed, seconds))
    return made / seconds, made


QUERIES = ["www A", "mail A", "ftp A", "update.test. MX", "update.test. SOA", "_sip._udp SRV",
           "nothere A", "www AAAA", "update.test. TXT", "ns1 A"]


def dnsperf(port, queryfile, seconds):
    out = subprocess.run(["dnsperf", "-s", "127.0.0.1", "-p", str(port), "-d", queryfile, "-c", "4", "-q", "200",
                          "-l", str(seconds)], capture_output=True, text=True, timeout=seconds + 60).stdout
    return float(re.search(r"Queries per second:\s+([\d.]+)", out).group(1))


def queries(jar, port, work, rate, seconds):
    """(queries/s without updates, queries/s while RATE updates a second stream in)."""
    queryfile = os.path.join(work, "queries.txt")
    with open(queryfile, "w") as f:
        for q in QUERIES:
            name, qtype = q.split()
            f.write("%s %s\n" % (name if name.endswith(".") else name + "." + ORIGIN, qtype))
    dnsperf(port, queryfile, 2)  # warm-up
    quiet = dnsperf(port, queryfile, seconds)
    here = os.path.dirname(os.path.abspath(__file__))
    stream = subprocess.Popen(["java", "-cp", jar, os.path.join(here, "UpdateLoad.java"), str(port), ORIGIN, KEY,
                               str(int(rate * (seconds + 30))), "1", "stream", str(seconds + 30), "0", str(rate)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)  # the stream's JVM is up and sending
        busy = dnsperf(port, queryfile, seconds)
    finally:
        benchtool.stop(stream)
    return quiet, busy


def probe(port, jar):
    """None when the server takes a signed update, else why not."""
    out = subprocess.run(["java", "-jar", jar, "update", "-y", KEY],
                         input="server 127.0.0.1 %d\nzone %s\nupdate add probe.%s 60 A 192.0.2.1\nsend\n"
                         % (port, ORIGIN, ORIGIN), capture_output=True, text=True, timeout=LIMIT)
    return None if out.returncode == 0 else (out.stderr.strip() or "exit code %d" % out.returncode)


def run(kind, out, jar, count, rate, seconds):
    """One fresh server: (sequential updates/s, concurrent updates/s[, queries/s quiet, while updating])."""
    work = os.path.join(out, kind)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    zonefile = os.path.join(work, "update.test.zone")
    with open(zonefile, "w") as f:
        f.write(ZONE)
    port = benchtool.freeport()
    server = SERVERS[kind](work, port, zonefile, jar)
    log = open(os.path.join(work, "log"), "w")
    proc = subprocess.Popen(server.cmd, stdout=log, stderr=subprocess.STDOUT, cwd=work)
    try:
        if not benchtool.poll(port, ORIGIN, "SOA", 30, lambda: proc.poll() is None):
            with open(os.path.join(work, "log")) as f:
                tail = (f.read().strip().splitlines() or ["no output"])[-1]
            if proc.poll() is not None:
                raise RuntimeError("%s exited at start (code %d): %s" % (server.name, proc.returncode, tail))
            raise RuntimeError("%s did not serve %s within 30 s: %s" % (server.name, ORIGIN, tail))
        why = probe(port, jar)
        if why is not None:
            raise RuntimeError("%s does not take the signed update: %s" % (server.name, why))
        sequential, _ = load(jar, port, count, 1, "seq")
        concurrent, _ = load(jar, port, count, 10, "conc")
        if rate:
            return (sequential, concurrent) + queries(jar, port, work, rate, seconds)
        return sequential, concurrent
    finally:
        benchtool.stop(proc)
        log.close()


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return "%s, %d cores, %s %s" % (model, os.cpu_count(), platform.system(), platform.release())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--servers", default="knot,bind")
    ap.add_argument("--jar", default="target/loomdns.jar")
    ap.add_argument("--out", default="target/bench/update")
    ap.add_argument("--queries", type=float, default=0, metavar="RATE")
    ap.add_argument("--query-seconds", type=int, default=10)
    a = ap.parse_args()
    jar = os.path.abspath(a.jar)
    out = os.path.abspath(a.out)
    os.makedirs(out, exist_ok=True)
    kinds = a.servers.split(",")
    unknown = [k for k in kinds if k not in SERVERS]
    if unknown:
        raise SystemExit("unknown server %s (knot, bind, loom)" % ", ".join(unknown))
    runs = {k: [] for k in kinds}
    broken = {}
    for rep in range(a.reps):
        for k in kinds:
            if k in broken:
                continue
            try:  # a server that cannot be measured is reported, and the others still are
                runs[k].append(run(k, out, jar, a.count, a.queries, a.query_seconds))
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                broken[k] = str(e)
                print("%s: not measured: %s" % (k, e), file=sys.stderr, flush=True)
                continue
            print("rep %d %s: %.0f updates/s from one client, %.0f from 10" % ((rep + 1, k) + runs[k][-1][:2]), flush=True)
            if a.queries:
                print("rep %d %s: %.0f queries/s, %.0f while %g updates/s stream in" % ((rep + 1, k) + runs[k][-1][2:] + (a.queries,)), flush=True)
    lines = ["# Dynamic updates, %d signed updates per phase, medians of %d" % (a.count, a.reps), "",
             "Machine: %s. Date: %s." % (machine(), time.strftime("%Y-%m-%d")), "",
             "| server | updates/s, one client | updates/s, 10 clients |" + (" queries/s | queries/s, %g updates/s | ratio |" % a.queries if a.queries else ""),
             "|---|---:|---:|" + ("---:|---:|---:|" if a.queries else "")]
    for k in kinds:
        if k in broken:
            lines.append("| %s | not measured | not measured |" % SERVERS[k].name)
            continue
        med = [sorted(r[i] for r in runs[k])[len(runs[k]) // 2] for i in range(len(runs[k][0]))]
        if a.queries:
            ratio = sorted(r[3] / r[2] for r in runs[k])[len(runs[k]) // 2]
            lines.append("| %s | %.0f | %.0f | %.0f | %.0f | %.2f |" % (SERVERS[k].name, med[0], med[1], med[2], med[3], ratio))
        else:
            lines.append("| %s | %.0f | %.0f |" % (SERVERS[k].name, med[0], med[1]))
    if broken:
        lines += [""] + ["%s: %s" % (SERVERS[k].name, why) for k, why in broken.items()]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(text)
    print(text)
    if broken:
        sys.exit(1)


if __name__ == "__main__":
    main()
