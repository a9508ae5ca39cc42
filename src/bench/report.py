#!/usr/bin/env python3
"""Turns target/bench/raw/ into the markdown report: medians over repetitions, ratios loomdns/peer."""
import glob
import os
import re
import statistics
import sys

SCENARIOS = [
    ("auth", "Authoritative: bench.test. (10,000 hosts), the query mix",
     ["loomdns", "loomdns-groovy", "loomdns-full", "loomdns-jdk", "knot", "nsd", "pdns"], "loomdns"),
    ("dynamic", "Dynamic stage: the workstation rule (workstationN.corp.test. A)",
     ["loomdns-script", "loomdns-dynamic"], None),
    ("observe", "What --metrics costs: loomdns with and without it (scraped every second), the same zone and mix",
     ["loomdns", "loomdns-metrics", "loomdns-full", "loomdns-full-metrics"], "loomdns"),
    ("tcp", "Authoritative over TCP, pipelined: the same zone and mix, dnsperf -m tcp on 4 connections",
     ["loomdns", "knot", "nsd"], "loomdns"),
    ("tcp-conns", "Authoritative over TCP, many connections: dnsperf -m tcp -c 100 -q 500",
     ["loomdns", "knot", "nsd"], "loomdns"),
    ("cache", "Cache in front of an upstream (NSD), warm: the same query mix",
     ["loomdns-cache", "unbound"], "loomdns-cache"),
    ("miss", "Cache misses: names never asked before (uN.users.bench.test A, the upstream's wildcard), every "
             "query forwarded to the upstream (NSD) and its answer cached",
     ["loomdns-cache", "unbound", "dnsmasq"], "loomdns-cache"),
    ("floor", "The floors: programs that answer each query with the query itself (no DNS work), the same "
              "query mix; in C what remains is the kernel's cost per datagram, on the JVM what loomdns's "
              "socket and a virtual thread per datagram add to it",
     ["echo-single", "echo-batched", "echo-jvm"], None),
]
NAMES = {"loomdns": "loomdns", "loomdns-groovy": "loomdns (Groovy zone)",
         "loomdns-full": "loomdns --packet-cache 0 (every query on the full path)",
         "loomdns-jdk": "loomdns --udp-io jdk (the JDK's DatagramChannel)",
         "loomdns-metrics": "loomdns --metrics", "loomdns-full-metrics": "loomdns --packet-cache 0 --metrics", "knot": "Knot DNS",
         "nsd": "NSD", "pdns": "PowerDNS (bind backend)", "loomdns-script": "loomdns --script (Groovy rule)",
         "loomdns-dynamic": "loomdns --dynamic (built-in rule)",
         "loomdns-cache": "loomdns cache", "unbound": "Unbound", "dnsmasq": "dnsmasq",
         "echo-single": "echo, recvfrom/sendto per query", "echo-batched": "echo, recvmmsg/sendmmsg of up to 64",
         "echo-jvm": "echo on the JVM: loomdns's socket, a virtual thread per query"}


def keyvalues(path):
    out = {}
    if os.path.exists(path):
        for line in open(path, errors="replace"):
            if ":" in line:
                k, v = line.split(":", 1)
                out.setdefault(k.strip(), v.strip())
    return out


def dnsperf(path):
    text = open(path, errors="replace").read()

    def num(pattern):
        m = re.search(pattern, text)
        return float(m.group(1)) if m else None

    r = {
        "sent": num(r"Queries sent:\s+(\d+)"),
        "completed": num(r"Queries completed:\s+(\d+)"),
        "lost": num(r"Queries lost:\s+(\d+)"),
        "qps": num(r"Queries per second:\s+([\d.]+)"),
        "avg": num(r"Average Latency \(s\):\s+([\d.]+)"),
        "min": num(r"Average Latency \(s\):\s+[\d.]+ \(min ([\d.]+)"),
        "max": num(r"Average Latency \(s\):.*max ([\d.]+)\)"),
        "sd": num(r"Latency StdDev \(s\):\s+([\d.]+)"),
        "cpu": num(r"bench-server-cpu-seconds:\s+([\d.]+)"),
    }
    m = re.search(r"bench-client-cpu-seconds:\s+([\d.]+) ([\d.]+) ([\d.]+)", text)
    # dnsperf's share of its core over its whole life (which outlasts -l while it waits for stragglers)
    r["client_cpu"] = (float(m.group(1)) + float(m.group(2))) / float(m.group(3)) if m and float(m.group(3)) else None
    m = re.search(r"Response codes:\s+(.*)", text)
    r["rcodes"] = m.group(1).strip() if m else ""
    if r["completed"] and r["cpu"]:
        r["qpcpu"] = r["completed"] / r["cpu"]
    return r


def percentiles(path):
    lat = sorted(float(line.split()[-1]) for line in open(path, errors="replace")
                 if line.startswith("> ") and len(line.split()) >= 5)
    if not lat:
        return None
    pick = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
    d = dnsperf(path)
    return {"p50": pick(0.50), "p90": pick(0.90), "p99": pick(0.99), "p999": pick(0.999), "max": lat[-1],
            "n": len(lat), "lost": d["lost"] or 0}


def med(rows, key):
    vals = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def fmt(v, spec, scale=1.0):
    return "–" if v is None else format(v * scale, spec)


def server_row(raw, scen, server):
    meta = keyvalues(os.path.join(raw, "%s__%s__meta.txt" % (scen, server)))
    reps = [dnsperf(p) for p in sorted(glob.glob(os.path.join(raw, "%s__%s__rep*.txt" % (scen, server))))]
    lat_path = os.path.join(raw, "%s__%s__latency.txt" % (scen, server))
    row = {"status": meta.get("status", "not run"), "reps": len(reps)}
    for k in ("qps", "avg", "min", "max", "sd", "lost", "sent", "cpu", "qpcpu", "client_cpu"):
        row[k] = med(reps, k)
    row["qps_all"] = [r["qps"] for r in reps if r["qps"] is not None]
    row["rcodes"] = reps[0]["rcodes"] if reps else ""
    row["rss"] = float(meta["peak-rss-kib"]) / 1024 if meta.get("peak-rss-kib") else None
    row["lat"] = percentiles(lat_path) if os.path.exists(lat_path) else None
    return row


def scenario(raw, out, scen, title, servers, ref):
    rows = {s: server_row(raw, scen, s) for s in servers}
    out.append("### %s\n" % title)
    out.append("| server | queries/s (median) | runs (q/s) | avg latency ms | min / max ms | stddev ms | lost "
               "| server CPU s | queries per CPU-s | dnsperf busy | peak RSS MiB | p50 / p99 / p99.9 ms at fixed rate |")
    out.append("|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---|")
    for s in servers:
        r = rows[s]
        if r["status"] != "ok":
            out.append("| %s | %s | | | | | | | | | | |" % (NAMES[s], r["status"]))
            continue
        lat = r["lat"]
        lat_text = "–" if not lat else "%.3f / %.3f / %.3f (lost %d)" % (
            lat["p50"] * 1e3, lat["p99"] * 1e3, lat["p999"] * 1e3, lat["lost"])
        out.append("| %s | %s | %s | %s | %s / %s | %s | %s | %s | %s | %s | %s | %s |" % (
            NAMES[s], fmt(r["qps"], ",.0f"), " ".join(format(q / 1000, ".0f") + "k" for q in r["qps_all"]),
            fmt(r["avg"], ".3f", 1e3), fmt(r["min"], ".3f", 1e3), fmt(r["max"], ".1f", 1e3),
            fmt(r["sd"], ".3f", 1e3), fmt(r["lost"], ".0f"), fmt(r["cpu"], ".2f"), fmt(r["qpcpu"], ",.0f"),
            fmt(r["client_cpu"], ".0%"), fmt(r["rss"], ".0f"), lat_text))
    codes = {s: rows[s]["rcodes"] for s in servers if rows[s]["rcodes"]}
    if codes:
        out.append("")
        out.append("Response codes (first run): " + "; ".join("%s: %s" % (NAMES[s], c) for s, c in codes.items()))
    if ref and rows[ref]["status"] == "ok":
        peers = [s for s in servers if s != ref and rows[s]["status"] == "ok" and not s.startswith("loomdns")]
        if peers:
            out.append("")
            out.append("Ratios %s / peer (above 1 means loomdns does more; for latency and RSS, below 1 is better):"
                       % NAMES[ref])
            out.append("")
            out.append("| peer | queries/s | queries per CPU-s | avg latency | p99 at fixed rate | peak RSS |")
            out.append("|---|---:|---:|---:|---:|---:|")
            a = rows[ref]

            def ratio(x, y):
                return "–" if x is None or not y else "%.2f" % (x / y)

            for s in peers:
                b = rows[s]
                out.append("| %s | %s | %s | %s | %s | %s |" % (
                    NAMES[s], ratio(a["qps"], b["qps"]), ratio(a["qpcpu"], b["qpcpu"]), ratio(a["avg"], b["avg"]),
                    ratio(a["lat"] and a["lat"]["p99"], b["lat"] and b["lat"]["p99"]), ratio(a["rss"], b["rss"])))
    out.append("")


def own_ratios(raw, out):
    """The dynamic stage next to loomdns's own authoritative figures, with and without the packet cache."""
    auth = {s: server_row(raw, "auth", s) for s in ("loomdns", "loomdns-full")}
    dyn = {s: server_row(raw, "dynamic", s) for s in ("loomdns-script", "loomdns-dynamic")}
    lines = []
    for d, dr in dyn.items():
        for a, ar in auth.items():
            if dr["status"] == "ok" and ar["status"] == "ok" and dr["qps"] and ar["qps"]:
                lines.append("| %s | %s | %.2f | %s |" % (NAMES[d], NAMES[a], dr["qps"] / ar["qps"],
                                                          "%.2f" % (dr["qpcpu"] / ar["qpcpu"]) if dr["qpcpu"] and ar["qpcpu"] else "–"))
    if lines:
        out.append("Ratios dynamic / loomdns's own authoritative figure:\n")
        out.append("| dynamic | authoritative | queries/s | queries per CPU-s |")
        out.append("|---|---|---:|---:|")
        out.extend(lines)
        out.append("")


def floor_ratios(raw, out):
    """loomdns and the most frugal peer as shares of each floor's queries per CPU-second: a server
    can come near a floor but not above it, so a peer above the JVM floor is out of loomdns's reach."""
    floors = {s: server_row(raw, "floor", s) for s in ("echo-single", "echo-batched", "echo-jvm")}
    floors = {s: r for s, r in floors.items() if r["status"] == "ok" and r["qpcpu"]}
    peers = {s: server_row(raw, "auth", s) for s in ("knot", "nsd", "pdns")}
    peers = {s: r for s, r in peers.items() if r["status"] == "ok" and r["qpcpu"]}
    servers = [("loomdns", server_row(raw, "auth", "loomdns"))]
    if peers:
        servers.append(max(peers.items(), key=lambda kv: kv[1]["qpcpu"]))
    servers = [(s, r) for s, r in servers if r["status"] == "ok" and r["qpcpu"]]
    if not floors or not servers:
        return
    out.append("Queries per CPU-second as a share of each floor's (authoritative loomdns, and the peer with the "
               "most queries per CPU-second):\n")
    out.append("| server | queries per CPU-s | %s |" % " | ".join("/ " + NAMES[f] for f in floors))
    out.append("|---|---:|" + "---:|" * len(floors))
    for s, r in servers:
        out.append("| %s | %s | %s |" % (NAMES[s], fmt(r["qpcpu"], ",.0f"),
                                         " | ".join("%.2f" % (r["qpcpu"] / f["qpcpu"]) for f in floors.values())))
    out.append("")


def zoneload(raw, out):
    z = keyvalues(os.path.join(raw, "zoneload.txt"))
    if not z:
        out.append("### Zone load\n\nnot run\n")
        return
    out.append("### Zone load: %s records (%s MB BIND file)\n" % (
        format(int(z.get("big-records", 0)), ","), fmt(float(z.get("big-file-bytes", 0)), ".0f", 1e-6)))
    rows = [("`check FILE` wall time (JVM start included)", z.get("check-wall-seconds", "–") + " s", "< 10 s"),
            ("`check FILE` peak RSS", fmt(float(z["check-peak-rss-kib"]) / 1024, ".0f") + " MiB"
             if "check-peak-rss-kib" in z else "–", ""),
            ("server: start to first answer", z.get("big-first-answer-ms", "–") + " ms", "< 10 s")]
    try:
        big, small = int(z["big-heap-bytes"]), int(z["small-heap-bytes"])
        records = int(z["big-records"]) - int(z.get("small-records", 0))
        rows.append(("server: live heap after full GC, big zone / example zone",
                     "%.0f MiB / %.0f MiB" % (big / 2 ** 20, small / 2 ** 20), ""))
        rows.append(("heap per record ((big − small) / records)", "%.0f bytes" % ((big - small) / records),
                     "< 200 bytes"))
        rows.append(("server peak RSS with the big zone", fmt(float(z["big-peak-rss-kib"]) / 1024, ".0f") + " MiB", ""))
    except (KeyError, ValueError, ZeroDivisionError):
        rows.append(("heap per record", "not measured (%s)" % z.get("big-heap-bytes", "no heap figure"), ""))
    out.append("| measure | value | target |")
    out.append("|---|---:|---|")
    out.extend("| %s | %s | %s |" % r for r in rows)
    out.append("")


def startup(raw, out):
    path = os.path.join(raw, "startup.txt")
    if not os.path.exists(path):
        out.append("### Start-up\n\nnot run\n")
        return
    runs = {}
    notes = []
    for line in open(path, errors="replace"):
        k, _, v = line.partition(":")
        v = v.strip()
        if re.fullmatch(r"\d+", v):
            runs.setdefault(k.strip(), []).append(int(v))
        elif line.strip():
            notes.append(line.strip())
    out.append("### Start-up to the first answered query (zones/example.com.zone, unpinned)\n")
    out.append("| JVM | median ms | runs ms |")
    out.append("|---|---:|---|")
    labels = {"plain": "plain `java -jar`", "cds": "CDS archive (`-XX:+AutoCreateSharedArchive`)",
              "aot": "AOT cache (`-XX:AOTCache`, JDK 25)"}
    for k, label in labels.items():
        if k in runs:
            out.append("| %s | %d | %s |" % (label, statistics.median(runs[k]), " ".join(map(str, runs[k]))))
    out.append("")
    if notes:
        out.append("Notes: " + "; ".join(notes[:5]))
        out.append("")


def extras(raw, out):
    """The JFR summary of the profile run and the JMH table, when they were run."""
    profile = os.path.join(raw, "..", "profile.txt")
    if os.path.exists(profile):
        blocks = open(profile, errors="replace").read().split("\n== ")
        text = "\n\n".join(b.strip() for b in blocks if b.startswith("== where") or b.startswith("where"))
        out.append("### Where loomdns spends its CPU (JFR, extra runs not counted above)\n")
        out.append("```\n%s\n```\n" % text.strip())
    jmh = os.path.join(raw, "..", "jmh.txt")
    if os.path.exists(jmh):
        rows = [line.rstrip() for line in open(jmh, errors="replace")
                if line.startswith("Benchmark ") or (line.startswith("QueryPathBenchmark.")
                                                      and ("gc.alloc.rate.norm" in line or ":" not in line))]
        out.append("### The query path without a network (JMH, ns per operation, bytes allocated per operation)\n")
        out.append("```\n%s\n```\n" % "\n".join(rows))


def main():
    raw = sys.argv[1]
    env = keyvalues(os.path.join(raw, "env.txt"))
    out = ["## loomdns benchmark, %s" % env.get("date", "")]
    out.append("")
    load = env.get("load-before", "")
    try:
        noisy = float(load.split()[0]) > 0.5
    except (ValueError, IndexError):
        noisy = False
    if noisy:
        out.append("**Noisy:** the machine was busy when the run started (load average %s); the figures "
                   "are lower and more scattered than on an idle machine.\n" % load)
    out.append("Machine: %s; %s. Load average before: %s, after: %s; run took %s s." % (
        env.get("cpu", "?"), env.get("java", "?"), load, env.get("load-after", "?"), env.get("total-seconds", "?")))
    out.append("Servers pinned to core 1, dnsperf to core 0 (taskset), loopback UDP. Servers compared take "
               "turns (authoritative with dynamic, the caches, the floor): each round gives each one timed run. %s." % env.get("settings", ""))
    out.append("Versions: %s." % ", ".join(env.get(k, "?") for k in ("loomdns", "knot", "nsd", "pdns", "unbound",
                                                                        "dnsperf")))
    out.append("CPU seconds are per timed run (medians): the server's from /proc (its whole process tree, JIT and GC "
               "included), dnsperf busy is its CPU time over its wall time (time(1)); near 100% the client, not the server, set the pace.")
    out.append("Latency columns: dnsperf's own figures over the timed runs (at full load, medians over runs); "
               "percentiles from one extra run at a fixed rate with every query's latency (dnsperf -v).")
    out.append("")
    for scen, title, servers, ref in SCENARIOS:
        scenario(raw, out, scen, title, servers, ref)
        if scen == "dynamic":
            own_ratios(raw, out)
        if scen == "floor":
            floor_ratios(raw, out)
    zoneload(raw, out)
    startup(raw, out)
    extras(raw, out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
