#!/usr/bin/env python3
"""Small measuring tools for src/bench/run, each bounded in time.

  freeport                      a port free for both UDP and TCP on 127.0.0.1
  wait PORT NAME TYPE SECONDS   poll until the server on PORT answers NAME TYPE; exit 1 on timeout
  startup PORT NAME TYPE SECONDS -- CMD...
                                start CMD, print the milliseconds until its first answer, stop it
  cpu PID                       CPU seconds (user + system) of PID and its descendants
  hwm PID                       peak RSS in KiB (VmHWM) of PID and its descendants, summed
"""
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import time

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28}


def query_bytes(name, qtype, qid):
    wire = b"".join(bytes([len(label)]) + label.encode() for label in name.rstrip(".").split(".") if label)
    return struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + wire + b"\0" + struct.pack("!HH", TYPES[qtype], 1)


def answered(port, name, qtype, wait):
    """One query; True when a reply with our ID and no SERVFAIL/REFUSED arrives within wait seconds."""
    qid = random.randrange(65536)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(wait)
        try:
            s.sendto(query_bytes(name, qtype, qid), ("127.0.0.1", port))
            data, _ = s.recvfrom(4096)
        except OSError:  # timeout, or ICMP port unreachable while nothing listens yet
            return False
    return len(data) >= 12 and struct.unpack("!H", data[:2])[0] == qid and (data[3] & 0x0F) not in (2, 5)


def poll(port, name, qtype, seconds, alive=lambda: True):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and alive():
        if answered(port, name, qtype, 0.05):
            return True
        time.sleep(0.002)
    return False


def freeport():
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
            t.bind(("127.0.0.1", 0))
            port = t.getsockname()[1]
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                    u.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise SystemExit("no free port")


def tree(pid):
    """pid and every descendant, from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def cpu(pid):
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in tree(pid):
        try:
            with open("/proc/%d/stat" % p) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / ticks


def hwm(pid):
    total = 0
    for p in tree(pid):
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def bench_zone(out, hosts):
    """A fresh work directory under OUT with genzone's zone and queries for HOSTS hosts."""
    os.makedirs(out, exist_ok=True)
    work = os.path.abspath(os.path.join(out, "work-%d" % os.getpid()))
    os.makedirs(work)
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "genzone.py"),
                    "--hosts", str(hosts), "--out", work], check=True, capture_output=True, timeout=300)
    return work, os.path.join(work, "bench.test.zone"), os.path.join(work, "queries.txt")


def dnsperf_figures(out):
    """dnsperf's queries/s, queries completed and lost, from its report."""
    qps = float(re.search(r"Queries per second:\s+([\d.]+)", out).group(1))
    completed = int(re.search(r"Queries completed:\s+(\d+)", out).group(1))
    lost = int(re.search(r"Queries lost:\s+(\d+)", out).group(1))
    return qps, completed, lost


def start_answering(servers, key, starter, origin, what=None):
    """Starts a server with STARTER, enters it in SERVERS under KEY at once (so the caller's
    finally stops it whatever happens next), and waits up to 120 s for it to answer ORIGIN's SOA."""
    proc, port = starter()
    servers[key] = (proc, port)
    if not poll(port, origin, "SOA", 120, lambda: proc.poll() is None):
        raise SystemExit("%s did not answer" % (what or key))
    return proc, port


def loadavg():
    """The machine's load averages over 1, 5 and 15 minutes, as /proc gives them."""
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def write_results(out, text):
    """OUT/results.md, and the same on standard output."""
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(text)
    print(text)


def startup(port, name, qtype, seconds, cmd):
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ok = poll(port, name, qtype, seconds, lambda: proc.poll() is None)
        elapsed = (time.monotonic() - start) * 1000
    finally:
        stop(proc)
    if not ok:
        raise SystemExit("no answer within %s s (exit code %s)" % (seconds, proc.returncode))
    print("%.0f" % elapsed)


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    cmd, args = argv[0], argv[1:]
    if cmd == "freeport":
        print(freeport())
    elif cmd == "wait":
        port, name, qtype, seconds = int(args[0]), args[1], args[2], float(args[3])
        sys.exit(0 if poll(port, name, qtype, seconds) else 1)
    elif cmd == "startup":
        sep = args.index("--")
        startup(int(args[0]), args[1], args[2], float(args[3]), args[sep + 1:])
    elif cmd == "cpu":
        print("%.2f" % cpu(int(args[0])))
    elif cmd == "hwm":
        print(hwm(int(args[0])))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
