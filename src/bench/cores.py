#!/usr/bin/env python3
"""One core or two: how loomdns, NSD and Knot DNS scale when the server may use both cores.

  python3 src/bench/cores.py [--hosts 10000] [--reps 3] [--seconds 8] [--jar target/loomdns.jar] [--out DIR]

Each server serves the benchmark zone of src/bench/genzone.py on 127.0.0.1 and a free port twice:
pinned to core 1 with one worker (NSD server-count 1, Knot udp-workers 1; loomdns as it is), and
unpinned with two workers (NSD server-count 2, Knot udp-workers 2; loomdns as it is, its virtual
threads' scheduler sized by the JVM to the cores it sees). dnsperf is the same for all: unpinned,
two threads (-T 2 -c 4 -q 200), genzone's query mix, so on two cores the server shares them with
its client as a busy host would. All six are started and warmed up (3 s), then take turns, REPS
rounds of SECONDS each; medians of queries/s and queries per server CPU-second, and the scaling:
the two-core rate over the one-core rate. Every process is stopped by its PID. Writes
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
import memory  # noqa: E402

ORIGIN = genzone.ORIGIN


def start(server, cores, jar, zone, work):
    port = benchtool.freeport()
    run = os.path.join(work, "%s-%d-%d" % (server, cores, port))
    os.makedirs(run)
    pin = ["taskset", "-c", "1"] if cores == 1 else []
    if server == "loomdns":
        cmd = ["java", "-jar", jar, "--bindzone", zone, "--port", str(port), "-i", "127.0.0.1"]
    elif server == "nsd":
        conf = memory.render("nsd.conf", run, port, zone)
        edit(conf, "server-count: 1", "server-count: %d" % cores)
        cmd = ["nsd", "-d", "-c", conf]
    else:
        conf = memory.render("knot.conf", run, port, zone)
        edit(conf, "udp-workers: 1", "udp-workers: %d" % cores)
        cmd = ["knotd", "-c", conf]
    log = open(os.path.join(run, "server.log"), "w")
    return subprocess.Popen(pin + cmd, stdout=log, stderr=subprocess.STDOUT), port


def edit(path, old, new):
    with open(path) as f:
        text = f.read()
    assert old in text, "%s has no '%s'" % (path, old)
    with open(path, "w") as f:
        f.write(text.replace(old, new))


def dnsperf(port, queries, seconds):
    out = subprocess.run(["dnsperf", "-s", "127.0.0.1", "-p", str(port), "-d", queries, "-T", "2", "-c", "4",
                          "-q", "200", "-l", str(seconds)], capture_output=True, text=True, timeout=seconds + 60).stdout
    return benchtool.dnsperf_figures(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hosts", type=int, default=10000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--jar", default="target/loomdns.jar")
    ap.add_argument("--out", default="target/bench/cores")
    a = ap.parse_args()
    work, zone, queries = benchtool.bench_zone(a.out, a.hosts)
    jar = os.path.abspath(a.jar)
    servers, runs = {}, {}
    try:
        for server in ("loomdns", "nsd", "knot"):
            for cores in (1, 2):
                _, port = benchtool.start_answering(
                    servers, (server, cores), lambda s=server, c=cores: start(s, c, jar, zone, work), ORIGIN,
                    "%s on %d cores" % (server, cores))
                dnsperf(port, queries, 3)  # warm-up
                runs[(server, cores)] = []
        for _ in range(a.reps):
            for key, (proc, port) in servers.items():
                before = benchtool.cpu(proc.pid)
                qps, completed, lost = dnsperf(port, queries, a.seconds)
                used = benchtool.cpu(proc.pid) - before
                runs[key].append((qps, completed / used if used > 0 else 0, lost, used))
    finally:
        for proc, _ in servers.values():
            benchtool.stop(proc)
    med = {k: [statistics.median(x[i] for x in r) for i in (0, 1, 3)] for k, r in runs.items()}
    lines = ["| server | q/s, one core | q/s, two cores | scaling | per CPU-s, one core | per CPU-s, two cores "
             "| server CPU s of %d, two cores | lost |" % a.seconds, "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for server in ("loomdns", "nsd", "knot"):
        one, two = med[(server, 1)], med[(server, 2)]
        lost = sum(x[2] for c in (1, 2) for x in runs[(server, c)])
        lines.append("| %s | %s | %s | %.2f | %s | %s | %.1f | %d |" % (
            server, format(round(one[0]), ","), format(round(two[0]), ","), two[0] / one[0],
            format(round(one[1]), ","), format(round(two[1]), ","), two[2], lost))
    lines.append("\nload average at the end: " + benchtool.loadavg())
    benchtool.write_results(a.out, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
