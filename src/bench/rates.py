#!/usr/bin/env python3
"""CPU per query at fixed offered rates and at saturation: loomdns (one jar or several, with JVM
options of your choice), Knot DNS and NSD, each on one core.

  python3 src/bench/rates.py [--hosts 10000] [--reps 2] [--seconds 8] [--rates 30000,60000,100000,0]
                             [--jar target/loomdns.jar] [--loomdns-options=-Xmx64m]...
                             [--variant NAME=JAR[:JVM OPTIONS]]... [--loomdns-args "--packet-cache 0"]
                             [--client "-m tcp -c 100 -q 500"] [--out DIR]

Every server serves the zone of src/bench/genzone.py on 127.0.0.1 and a free port, pinned to core
1 (Knot udp-workers 1, NSD server-count 1); dnsperf (-c 4 -q 200) on core 0 sends genzone's query
mix at each offered rate (-Q RATE; 0 offers as fast as the server answers: saturation). Rows: the
jar of --jar as it is; one more per --loomdns-options (that jar, those JVM options, split at
spaces); one per --variant (its own jar, and the JVM options after the first colon), so two builds
are compared in the same run; then Knot DNS and NSD. --loomdns-args gives every loomdns row
server options after its own (split at spaces): "--packet-cache 0" makes every query a miss. --client
replaces dnsperf's "-c 4 -q 200" (split at spaces): "-m tcp -c 100 -q 500" asks over 100 TCP
connections, "-m tcp -c 4 -q 200" pipelines on a few. All are started and warmed up (3 s
unlimited), then take turns: REPS rounds, each round every rate, each rate every server for
SECONDS. Per cell, medians of the achieved queries/s, the server's CPU seconds (utime + stime
from /proc, all its threads), microseconds of CPU per answered query and that over Knot's; and,
per thread group (thread names with their digits dropped), the share of the CPU and the context
switches per query, which say where the CPU goes. Every process is stopped by its PID. Writes
OUT/results.md with the load average at start and end.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchtool  # noqa: E402
import genzone  # noqa: E402
import memory  # noqa: E402

ORIGIN = genzone.ORIGIN
CLIENT_CORE = memory.CLIENT_CORE
KNOT, NSD = "Knot DNS", "NSD"


def threads(pid):
    """Per thread group of pid's process tree: [CPU seconds, context switches]."""
    ticks = os.sysconf("SC_CLK_TCK")
    out = {}
    for p in benchtool.tree(pid):
        try:
            tids = os.listdir("/proc/%d/task" % p)
        except OSError:
            continue
        for tid in tids:
            try:
                with open("/proc/%d/task/%s/stat" % (p, tid)) as f:
                    stat = f.read()
                with open("/proc/%d/task/%s/status" % (p, tid)) as f:
                    status = f.read()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat.rsplit(")", 1)[1].split()
            switches = sum(int(m) for m in re.findall(r"ctxt_switches:\s+(\d+)", status))
            group = re.sub(r"\d+", "#", name).strip() or "?"
            cell = out.setdefault(group, [0.0, 0])
            cell[0] += (int(fields[11]) + int(fields[12])) / ticks
            cell[1] += switches
    return out


def delta(after, before):
    return {g: [v[0] - before.get(g, [0, 0])[0], v[1] - before.get(g, [0, 0])[1]] for g, v in after.items()}


def start_loomdns(jar, zone, work, jvm_options, args):
    port = benchtool.freeport()
    cmd = ["taskset", "-c", memory.SERVER_CORE, "java"] + jvm_options + [
        "-jar", jar, "--bindzone", zone, "--port", str(port), "-i", "127.0.0.1"] + args
    log = open(os.path.join(work, "loomdns-%d.log" % port), "w")
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), port


def dnsperf(port, queries, seconds, rate, client):
    cmd = ["taskset", "-c", CLIENT_CORE, "dnsperf", "-s", "127.0.0.1", "-p", str(port), "-d", queries,
           "-l", str(seconds)] + client
    if rate:
        cmd += ["-Q", str(rate)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    return benchtool.dnsperf_figures(out)


def variant(text):
    name, sep, rest = text.partition("=")
    if not sep or not name or not rest:
        raise argparse.ArgumentTypeError("expected NAME=JAR[:JVM OPTIONS], got %r" % text)
    jar, _, options = rest.partition(":")
    return name, os.path.abspath(jar), options.split()


def rows(a):
    jar = os.path.abspath(a.jar)
    out = [("loomdns", jar, [])]
    out += [("loomdns " + o, jar, o.split()) for o in a.loomdns_options]
    out += a.variant
    return out


def median(runs, i):
    return statistics.median(x[i] for x in runs)


def tables(a, runs, groups, names, start_load, end_load):
    rates = a.rates
    label = {r: format(r, ",") if r else "saturation" for r in rates}
    lines = ["| server | offered | q/s | server CPU s of %d | µs CPU/query | / Knot | lost |" % a.seconds,
             "|---|---:|---:|---:|---:|---:|---:|"]
    for rate in rates:
        knot = median(runs[(KNOT, rate)], 2)
        for name in names:
            r = runs[(name, rate)]
            us = median(r, 2)
            lines.append("| %s | %s | %s | %.2f | %.1f | %.2f | %d |" % (
                name, label[rate], format(round(median(r, 0)), ","), median(r, 1), us, us / knot,
                sum(x[3] for x in r)))
    lines += ["", "Where the CPU goes (summed over the rounds): per thread group, µs CPU per query and "
              "context switches per query.", "",
              "| server | offered | thread group | µs CPU/query | switches/query |", "|---|---:|---|---:|---:|"]
    for rate in rates:
        for name in names:
            g = groups[(name, rate)]
            answered = sum(x[4] for x in runs[(name, rate)]) or 1
            for group, (cpu, switches) in sorted(g.items(), key=lambda kv: -kv[1][0]):
                if cpu * 1e6 / answered >= 0.05 or switches / answered >= 0.01:
                    lines.append("| %s | %s | %s | %.2f | %.2f |" % (
                        name, label[rate], group, cpu * 1e6 / answered, switches / answered))
    lines += ["", "dnsperf: " + a.client]
    lines += ["", "load average at the start: " + start_load, "load average at the end: " + end_load]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hosts", type=int, default=10000)
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--rates", type=lambda s: [int(x) for x in s.split(",")], default=[30000, 60000, 100000, 0],
                    help="offered queries/s, comma-separated; 0 is unlimited (saturation)")
    ap.add_argument("--jar", default="target/loomdns.jar")
    ap.add_argument("--loomdns-options", action="append", default=[],
                    help="one more loomdns row with these JVM options (repeatable)")
    ap.add_argument("--variant", action="append", default=[], type=variant,
                    help="NAME=JAR[:JVM OPTIONS]: one more loomdns row from another jar (repeatable)")
    ap.add_argument("--loomdns-args", default="",
                    help="server options every loomdns row gets, e.g. \"--packet-cache 0\"")
    ap.add_argument("--client", default="-c 4 -q 200",
                    help="dnsperf's clients and queries in flight, e.g. \"-m tcp -c 100 -q 500\" for TCP")
    ap.add_argument("--out", default="target/bench/rates")
    a = ap.parse_args()
    work, zone, queries = benchtool.bench_zone(a.out, a.hosts)
    start_load = benchtool.loadavg()
    args = a.loomdns_args.split()
    client = a.client.split()
    starters = [(n, lambda j=j, o=o: start_loomdns(j, zone, work, o, args)) for n, j, o in rows(a)]
    starters += [(KNOT, lambda: memory.start_peer("knot", zone, work)),
                 (NSD, lambda: memory.start_peer("nsd", zone, work))]
    servers, runs, groups = {}, {}, {}
    try:
        for name, starter in starters:
            _, port = benchtool.start_answering(servers, name, starter, ORIGIN)
            dnsperf(port, queries, 3, 0, client)  # warm-up
            for rate in a.rates:
                runs[(name, rate)], groups[(name, rate)] = [], {}
        for _ in range(a.reps):
            for rate in a.rates:
                for name, (proc, port) in servers.items():
                    before, tb = benchtool.cpu(proc.pid), threads(proc.pid)
                    qps, completed, lost = dnsperf(port, queries, a.seconds, rate, client)
                    used, td = benchtool.cpu(proc.pid) - before, delta(threads(proc.pid), tb)
                    runs[(name, rate)].append((qps, used, used * 1e6 / completed if completed else 0, lost, completed))
                    for g, (cpu, switches) in td.items():
                        cell = groups[(name, rate)].setdefault(g, [0.0, 0])
                        cell[0] += cpu
                        cell[1] += switches
    finally:
        for proc, _ in servers.values():
            benchtool.stop(proc)
    benchtool.write_results(a.out, tables(a, runs, groups, list(servers), start_load, benchtool.loadavg()))


if __name__ == "__main__":
    main()
