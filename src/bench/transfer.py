#!/usr/bin/env python3
"""Zone transfer benchmark: AXFR and IXFR of a big zone between Knot and loomdns, both ways.

  python3 src/bench/transfer.py [--hosts 434783] [--jar target/loomdns.jar] [--loomdns-options='-Xmn1g']
      [--scenarios cold,second,full] [--pairs knot-knot,loom-knot] [--reps 3] [--out DIR] [--settle 0]

For each pair (primary -> secondary) of Knot -> Knot, Knot -> loomdns, loomdns -> Knot and
loomdns -> loomdns: the primary serves the zone of src/bench/genzone.py (434,783 hosts: 1,000,011
records); the secondary is started empty and timed until it answers the zone's serial (AXFR,
process start included); then one record and the serial change on the primary (Knot: the file and
knotc zone-reload, zonefile-load: difference; loomdns: the file and SIGHUP), the primary sends
NOTIFY, and the secondary is timed until it answers the new serial (IXFR). Peak RSS (VmHWM) of both
processes is read at the end. That is the "cold" scenario. With --settle S the secondary is started S
seconds after the primary first answers: the first transfer of the version then reaches a primary
that has had time to prepare it, as a secondary that was not waiting for the primary's start would.

"second" (run within the cold one's pair, after its AXFR): a second, fresh secondary of the same kind
is started against the same running primary, which has served that version once, and timed to the
serial (AXFR from a warm primary, the secondary's start included).

"full": the primary offers no increments (Knot: zonefile-load: whole, journal-content: none;
loomdns: --ixfr-history 0), so each change reaches the secondary, already running, as a whole
zone; two changes in a row, each timed from the primary's reload to the new serial on the
secondary; the second is reported (a secondary that has taken two AXFRs).

Each scenario's pairs take turns in every rep; ratios are to Knot -> Knot in the same scenario.
The load average is printed with every rep. Every process runs on 127.0.0.1 and free ports, from its
own directory, bounded in time, and is stopped by its PID. --loomdns-options gives every loomdns
process those JVM options. Writes OUT/results.md.
"""
import argparse
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchtool  # noqa: E402
import genzone  # noqa: E402

ORIGIN = genzone.ORIGIN
SERIAL = 2026112301
LIMIT = 600  # seconds any one step may take


def soa_serial(port):
    """The serial in the SOA answer of the server on port, or None."""
    qid = random.randrange(65536)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.2)
        try:
            s.sendto(benchtool.query_bytes(ORIGIN, "SOA", qid), ("127.0.0.1", port))
            data, _ = s.recvfrom(4096)
        except OSError:
            return None
    qid_back, flags, qd, an = struct.unpack("!HHHH", data[:8])
    if qid_back != qid or flags & 0x0F or an < 1:
        return None
    pos = skip_name(data, 12) + 4
    pos = skip_name(data, pos) + 10  # the answer's owner, type, class, TTL, rdlength
    pos = skip_name(data, skip_name(data, pos))  # mname, rname
    return struct.unpack("!I", data[pos:pos + 4])[0]


def skip_name(data, pos):
    while True:
        length = data[pos]
        if length == 0:
            return pos + 1
        if length & 0xC0 == 0xC0:
            return pos + 2
        pos += 1 + length


def await_serial(port, serial, proc):
    start = time.monotonic()
    while time.monotonic() - start < LIMIT:
        if proc.poll() is not None:
            raise SystemExit("the server on port %d exited (code %s)" % (port, proc.returncode))
        if soa_serial(port) == serial:
            return time.monotonic()
        time.sleep(0.01)
    raise SystemExit("port %d did not answer serial %d within %d s" % (port, serial, LIMIT))


def change(zonefile, serial):
    """host0's A and the serial change: a one-record increment."""
    with open(zonefile) as f:
        text = f.read()
    text = text.replace(" %d " % (serial - 1), " %d " % serial, 1)
    text = text.replace("host0\tIN\tA\t%s\n" % genzone.host_a(0),
                        "host0\tIN\tA\t10.255.%d.%d\n" % ((serial >> 8) & 255, serial & 255), 1)
    with open(zonefile, "w") as f:
        f.write(text)


class Knot:
    name = "Knot"

    def __init__(self, work, port, zonefile=None, primary=None, notify=None, increments=True):
        self.dir = work
        self.port = port
        os.makedirs(work, exist_ok=True)
        conf = ["server:", '  rundir: "%s"' % work, "  listen: 127.0.0.1@%d" % port,
                "  udp-workers: 1", "  tcp-workers: 1", "  background-workers: 1",
                "database:", '  storage: "%s"' % work, "control:", '  listen: "%s/knot.sock"' % work,
                "log:", "  - target: stderr", "    any: info", "remote:"]
        if primary:
            conf += ["  - id: primary", "    address: 127.0.0.1@%d" % primary]
        if notify:
            conf += ["  - id: secondary", "    address: 127.0.0.1@%d" % notify]
        conf += ["acl:", "  - id: local", "    address: 127.0.0.1", "    action: [transfer, notify]",
                 "zone:", "  - domain: %s" % ORIGIN, "    acl: local", "    zonefile-sync: -1",
                 "    journal-content: %s" % ("changes" if increments else "none"),
                 '    file: "%s"' % (zonefile or os.path.join(work, "zone"))]
        if primary:
            conf.append("    master: primary")
        else:
            conf.append("    zonefile-load: %s" % ("difference" if increments else "whole"))
        if notify:
            conf.append("    notify: secondary")
        with open(os.path.join(work, "knot.conf"), "w") as f:
            f.write("\n".join(conf) + "\n")
        self.log = open(os.path.join(work, "log"), "w")
        self.proc = subprocess.Popen(["knotd", "-c", os.path.join(work, "knot.conf")],
                                     stdout=self.log, stderr=subprocess.STDOUT)

    def reload(self):
        subprocess.run(["knotc", "-s", os.path.join(self.dir, "knot.sock"), "zone-reload", ORIGIN],
                       check=True, stdout=subprocess.DEVNULL, timeout=LIMIT)

    def incoming(self, nth=2):
        """How the nth transfer came, from Knot's log ("AXFR, incoming", or "IXFR, incoming" with
        "fallback to AXFR" when the primary answered with the whole zone)."""
        with open(os.path.join(self.dir, "log")) as f:
            done = [line for line in f if "incoming" in line and "finished" in line]
        if len(done) < nth:
            return "?"
        line = done[nth - 1]
        return "IXFR" if "IXFR, incoming" in line and "AXFR" not in line.split("IXFR, incoming", 1)[1] else "AXFR"


class Loom:
    name = "loomdns"

    def __init__(self, work, port, zonefile=None, primary=None, notify=None, jar=None, jvm=(), increments=True):
        self.dir = work
        self.port = port
        os.makedirs(work, exist_ok=True)
        cmd = ["java", *jvm, "-jar", jar, "--interface", "127.0.0.1", "--port", str(port)]
        if zonefile:
            cmd += ["--bindzone", zonefile, "--allow-transfer", "127.0.0.1"]
            if not increments:
                cmd += ["--ixfr-history", "0"]
        if primary:
            cmd += ["--secondary", "127.0.0.1:%d/%s" % (primary, ORIGIN), "--secondary-dir",
                    os.path.join(work, "secondary")]
        if notify:
            cmd += ["--notify", "127.0.0.1:%d" % notify]
        self.log = open(os.path.join(work, "log"), "w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)

    def reload(self):
        self.proc.send_signal(signal.SIGHUP)

    def incoming(self, nth=2):
        """How the nth transfer came, from the transfer log line (written once the copy on disk is)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with open(os.path.join(self.dir, "log")) as f:
                lines = [line for line in f if "transferred zone" in line and ORIGIN in line]
            if len(lines) >= nth:
                return "IXFR" if "by IXFR" in lines[nth - 1] else "AXFR"
            time.sleep(0.1)
        return "?"


def ports(n):
    got = []
    while len(got) < n:
        p = benchtool.freeport()
        if p not in got:
            got.append(p)
    return got


def pair(kinds, out, zone, jar, jvm, second=False, settle=0.0):
    """One primary -> secondary run: (AXFR ms, IXFR ms, how the change came, primary KiB, secondary KiB,
    a second fresh secondary's AXFR ms from the same primary or None)."""
    work = os.path.join(out, "%s-%s" % kinds)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    zonefile = os.path.join(work, "primary.zone")
    shutil.copy(zone, zonefile)
    pport, sport, tport = ports(3)
    make = {"knot": lambda **kw: Knot(**kw), "loom": lambda **kw: Loom(jar=jar, jvm=jvm, **kw)}
    primary = make[kinds[0]](work=os.path.join(work, "p"), port=pport, zonefile=zonefile, notify=sport)
    secondary = None
    again = None
    try:
        await_serial(pport, SERIAL, primary.proc)
        time.sleep(settle)
        start = time.monotonic()
        secondary = make[kinds[1]](work=os.path.join(work, "s"), port=sport, primary=pport)
        axfr = await_serial(sport, SERIAL, secondary.proc) - start
        time.sleep(1)  # let the secondary settle (Knot writes its journal after answering)
        if second:
            other = make[kinds[1]](work=os.path.join(work, "t"), port=tport, primary=pport)
            began = time.monotonic()
            try:
                again = (await_serial(tport, SERIAL, other.proc) - began) * 1000
            finally:
                benchtool.stop(other.proc)
                other.log.close()
        change(zonefile, SERIAL + 1)
        start = time.monotonic()
        primary.reload()
        ixfr = await_serial(sport, SERIAL + 1, secondary.proc) - start
        time.sleep(0.5)
        return axfr * 1000, ixfr * 1000, secondary.incoming(), benchtool.hwm(primary.proc.pid), \
            benchtool.hwm(secondary.proc.pid), again
    finally:
        for server in (secondary, primary):
            if server is not None:
                benchtool.stop(server.proc)
                server.log.close()


def full(kinds, out, zone, jar, jvm, changes=2):
    """A primary offering no increments, a running secondary: ms from each reload to the new serial,
    and how the last change came."""
    work = os.path.join(out, "full-%s-%s" % kinds)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    zonefile = os.path.join(work, "primary.zone")
    shutil.copy(zone, zonefile)
    pport, sport = ports(2)
    make = {"knot": lambda **kw: Knot(**kw), "loom": lambda **kw: Loom(jar=jar, jvm=jvm, **kw)}
    primary = make[kinds[0]](work=os.path.join(work, "p"), port=pport, zonefile=zonefile, notify=sport,
                             increments=False)
    secondary = None
    try:
        await_serial(pport, SERIAL, primary.proc)
        secondary = make[kinds[1]](work=os.path.join(work, "s"), port=sport, primary=pport)
        await_serial(sport, SERIAL, secondary.proc)
        times = []
        for n in range(1, changes + 1):
            time.sleep(1)  # let the secondary settle (Knot writes its journal after answering)
            change(zonefile, SERIAL + n)
            start = time.monotonic()
            primary.reload()
            times.append((await_serial(sport, SERIAL + n, secondary.proc) - start) * 1000)
        time.sleep(0.5)
        return times, secondary.incoming(changes + 1)
    finally:
        for server in (secondary, primary):
            if server is not None:
                benchtool.stop(server.proc)
                server.log.close()


def median(values):
    values = sorted(v for v in values if v is not None)
    return values[len(values) // 2] if values else float("nan")


def load():
    return "%.2f" % os.getloadavg()[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hosts", type=int, default=434783)
    ap.add_argument("--jar", default="target/loomdns.jar")
    ap.add_argument("--out", default="target/bench/transfer")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--pairs", default="knot-knot,knot-loom,loom-knot,loom-loom")
    ap.add_argument("--scenarios", default="cold,second,full", help="cold, second and/or full")
    ap.add_argument("--settle", type=float, default=0.0,
                    help="seconds between the primary's first answer and the cold secondary's start")
    ap.add_argument("--loomdns-options", default="", help="JVM options for every loomdns process")
    a = ap.parse_args()
    jar = os.path.abspath(a.jar)
    out = os.path.abspath(a.out)
    scenarios = a.scenarios.split(",")
    os.makedirs(out, exist_ok=True)
    records = genzone.write_bind(os.path.join(out, "bench.test.zone"), a.hosts)
    zone = os.path.join(out, "bench.test.zone")
    jvm = a.loomdns_options.split()
    pairs = [tuple(p.split("-")) for p in a.pairs.split(",")]
    runs = {p: [] for p in pairs}
    fulls = {p: [] for p in pairs}
    loads = []
    for rep in range(a.reps):  # the pairs take turns, so a noisy spell falls on all alike
        loads.append(load())
        if "cold" in scenarios or "second" in scenarios:
            for p in pairs:
                runs[p].append(pair(p, out, zone, jar, jvm, "second" in scenarios, a.settle))
                r = runs[p][-1]
                print("rep %d %s -> %s (load %s): AXFR %.0f ms, IXFR %.0f ms (%s), RSS primary %d KiB, "
                      "secondary %d KiB, second secondary's AXFR %s ms"
                      % ((rep + 1,) + p + (load(),) + r[:5] + ("%.0f" % r[5] if r[5] is not None else "-",)),
                      flush=True)
        if "full" in scenarios:
            for p in pairs:
                fulls[p].append(full(p, out, zone, jar, jvm))
                times, came = fulls[p][-1]
                print("rep %d %s -> %s (load %s): whole-zone changes %s ms (last by %s)"
                      % ((rep + 1,) + p + (load(),) + (" / ".join("%.0f" % t for t in times), came)), flush=True)
    loads.append(load())
    names = {"knot": "Knot", "loom": "loomdns"}
    base = ("knot", "knot")
    lines = ["# Zone transfers, %d records, medians of %d reps, load average %s at the reps' starts and end"
             % (records, a.reps, ", ".join(loads)), ""]
    if any(runs.values()):
        med = {p: [median(r[i] for r in runs[p]) for i in (0, 1, 3, 4, 5)] for p in pairs}
        b = med.get(base, [float("nan")] * 5)
        lines += ["| primary → secondary | AXFR ms | IXFR ms (one record) | change came by | primary peak RSS MiB"
                  " | secondary peak RSS MiB | AXFR / Knot→Knot | IXFR / Knot→Knot | second secondary's AXFR ms"
                  " | / Knot→Knot |",
                  "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
        for p in pairs:
            m = med[p]
            lines.append("| %s → %s | %.0f | %.0f | %s | %.0f | %.0f | %.2f | %.2f | %.0f | %.2f |"
                         % (names[p[0]], names[p[1]], m[0], m[1], runs[p][-1][2], m[2] / 1024, m[3] / 1024,
                            m[0] / b[0], m[1] / b[1], m[4], m[4] / b[4]))
        lines.append("")
        lines.append("Per rep, AXFR / Knot→Knot's AXFR of the same rep (second secondary's in brackets):")
        lines.append("")
        for p in pairs:
            if base in runs and p != base:
                lines.append("- %s → %s: %s" % (names[p[0]], names[p[1]], ", ".join(
                    "%.2f (%s)" % (r[0] / k[0], "%.2f" % (r[5] / k[5]) if r[5] and k[5] else "-")
                    for r, k in zip(runs[p], runs[base]))))
        lines.append("")
    if any(fulls.values()):
        fb = median(f[0][-1] for f in fulls.get(base, [])) if fulls.get(base) else float("nan")
        lines += ["| primary (no increments) → running secondary | whole zone, last change, ms | came by"
                  " | / Knot→Knot | per rep / Knot→Knot |", "|---|---:|---|---:|---|"]
        for p in pairs:
            m = median(f[0][-1] for f in fulls[p])
            per = ", ".join("%.2f" % (f[0][-1] / k[0][-1]) for f, k in zip(fulls[p], fulls.get(base, [])))
            lines.append("| %s → %s | %.0f | %s | %.2f | %s |" % (names[p[0]], names[p[1]], m, fulls[p][-1][1],
                                                              m / fb, per))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
