#!/usr/bin/env python3
"""Memory under load: peak RSS of loomdns (with the JVM's default heap and with JVM options of
your choice), NSD and Knot DNS serving the benchmark zone, with queries per server CPU-second.

  python3 src/bench/memory.py [--hosts 10000] [--reps 3] [--seconds 8] [--jar target/loomdns.jar]
                              [--loomdns-options=-Xms16m]... [--out DIR]

The zone of src/bench/genzone.py is served by each server on 127.0.0.1 and a free port, pinned to
core 1; dnsperf (-c 4 -q 200) on core 0 sends genzone's query mix. Every server is started, warmed
up (3 s), then the servers take turns, REPS rounds of SECONDS each. Peak RSS is VmHWM summed over
the server's processes after the last round, so it covers start, zone load and every run; medians
of queries/s and of queries per server CPU-second. Each --loomdns-options (repeatable) adds one
loomdns row started with those JVM options. Every process is stopped by its PID. Writes
OUT/results.md.
"""
import argparse
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchtool  # noqa: E402
import genzone  # noqa: E402

ORIGIN = genzone.ORIGIN
SERVER_CORE, CLIENT_CORE = "1", "0"
BENCH = os.path.dirname(os.path.abspath(__file__))


def start_loomdns(jar, zone, work, jvm_options):
    port = benchtool.freeport()
    cmd = ["taskset", "-c", SERVER_CORE, "java"] + jvm_options + ["-jar", jar, "--bindzone", zone,
                                                                   "--port", str(port), "-i", "127.0.0.1"]
    log = open(os.path.join(work, "loomdns-%d.log" % port), "w")
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), port


def render(template, run, port, zone):
    with open(os.path.join(BENCH, "conf", template)) as f:
        text = f.read()
    text = text.replace("{{DIR}}", run).replace("{{PORT}}", str(port)).replace("{{ZONEFILE}}", zone)
    path = os.path.join(run, template)
    with open(path, "w") as f:
        f.write(text)
    return path


def start_peer(name, zone, work):
    port = benchtool.freeport()
    run = os.path.join(work, "%s-%d" % (name, port))
    os.makedirs(run)
    if name == "nsd":
        cmd = ["nsd", "-d", "-c", render("nsd.conf", run, port, zone)]
    else:
        cmd = ["knotd", "-c", render("knot.conf", run, port, zone)]
    log = open(os.path.join(run, name + ".log"), "w")
    return subprocess.Popen(["taskset", "-c", SERVER_CORE] + cmd, stdout=log, stderr=subprocess.STDOUT), port


def dnsperf(port, queries, seconds):
    out = subprocess.run(["taskset", "-c", CLIENT_CORE, "dnsperf", "-s", "127.0.0.1", "-p", str(port),
                          "-d", queries, "-c", "4", "-q", "200", "-l", str(seconds)],
                         capture_output=True, text=True, timeout=seconds + 60).stdout
    return benchtool.dnsperf_figures(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hosts", type=int, default=10000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--jar", default="target/loomdns.jar")
    ap.add_argument("--loomdns-options", action="append", default=[])
    ap.add_argument("--out", default="target/bench/memory")
    a = ap.parse_args()
    work, zone, queries = benchtool.bench_zone(a.out, a.hosts)
    jar = os.path.abspath(a.jar)
    starters = [("loomdns", lambda: start_loomdns(jar, zone, work, []))]
    for options in a.loomdns_options:
        starters.append(("loomdns " + options, lambda o=options: start_loomdns(jar, zone, work, o.split())))
    starters += [("NSD", lambda: start_peer("nsd", zone, work)), ("Knot DNS", lambda: start_peer("knot", zone, work))]
    servers, runs, peaks = {}, {}, {}
    try:
        for name, starter in starters:
            _, port = benchtool.start_answering(servers, name, starter, ORIGIN)
            dnsperf(port, queries, 3)  # warm-up
            runs[name] = []
        for _ in range(a.reps):
            for name, (proc, port) in servers.items():
                before = benchtool.cpu(proc.pid)
                qps, completed, lost = dnsperf(port, queries, a.seconds)
                used = benchtool.cpu(proc.pid) - before
                runs[name].append((qps, completed / used if used > 0 else 0, lost))
        for name, (proc, _) in servers.items():
            peaks[name] = benchtool.hwm(proc.pid) / 1024
    finally:
        for proc, _ in servers.values():
            benchtool.stop(proc)
    nsd = peaks["NSD"]
    lines = ["| server | peak RSS MiB | RSS / NSD | queries/s | per server CPU-s | lost |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, r in runs.items():
        lines.append("| %s | %.0f | %.2f | %s | %s | %d |" % (
            name, peaks[name], peaks[name] / nsd, format(round(statistics.median(x[0] for x in r)), ","),
            format(round(statistics.median(x[1] for x in r)), ","), sum(x[2] for x in r)))
    lines.append("\nload average at the end: " + benchtool.loadavg())
    benchtool.write_results(a.out, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
