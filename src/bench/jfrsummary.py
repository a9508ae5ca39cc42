#!/usr/bin/env python3
"""Where the server's CPU time goes, from a JFR recording's CPU-time samples (JDK 25) or, failing
those, its execution samples: the share of samples whose stack passes through each step of the
query path (inclusive), and the methods at the top of the stack (self).

  jfrsummary.py serve|load RECORDING.jfr [JFR-TOOL]
"""
import collections
import re
import subprocess
import sys

# Steps of the path, each the first frame (by prefix) that marks it; a sample counts once per step.
SERVE = [
    ("UDP receive (UdpSocket.receive, native or channel)",
     ("org.loomdns.server.NativeUdpSocket.receive(", "org.loomdns.server.ChannelUdpSocket.receive(")),
    ("UDP send (UdpSocket.send, native or channel)",
     ("org.loomdns.server.NativeUdpSocket.send(", "org.loomdns.server.ChannelUdpSocket.send(")),
    ("the native socket's poller (Readiness)", "org.loomdns.server.Readiness."),
    ("start a virtual thread per datagram", "java.lang.ThreadBuilders$VirtualThreadBuilder.start("),
    ("QueryProcessor.process (all of a query but receive)", "org.loomdns.server.QueryProcessor.process("),
    ("  parse the request (new Message(byte[]))", "org.xbill.DNS.Message.<init>(byte[]"),
    ("  the chain (ResolverChain.resolve)", "org.loomdns.chain.ResolverChain.resolve("),
    ("    authority lookup (Lookup.answer)", "org.loomdns.authority.Lookup.answer("),
    ("  build the reply (Message.addRecord)", "org.xbill.DNS.Message.addRecord("),
    ("  encode the reply (Message.toWire)", "org.xbill.DNS.Message.toWire("),
    ("virtual-thread scheduling (ForkJoinPool, Continuation)", "java.util.concurrent.ForkJoinPool.runWorker"),
    ("dynamic stage (DynamicResolver.resolve)", "org.loomdns.dynamic.DynamicResolver.resolve("),
    ("  Groovy runtime (call sites, closures, GString)", ("org.codehaus.groovy.", "groovy.lang.")),
    ("  the per-query deadline (Deadline)", "org.loomdns.dynamic.Deadline"),
    ("timer work (ScheduledThreadPoolExecutor, any thread)", "java.util.concurrent.ScheduledThreadPoolExecutor"),
]
SERVING = ("org.loomdns.server.", "java.util.concurrent.", "jdk.internal.vm.Continuation")
LOAD = [
    ("BindZoneLoader.load (all of it)", "org.loomdns.zone.bind.BindZoneLoader.load("),
    ("  dnsjava parses records (Master.nextRecord)", "org.xbill.DNS.Master.nextRecord("),
    ("    tokenizer (Tokenizer.get)", "org.xbill.DNS.Tokenizer.get("),
    ("    names from text (Name.fromString)", "org.xbill.DNS.Name.fromString("),
    ("    IPv6 addresses (IPAddressUtils.parseV6)", "org.xbill.DNS.IPAddressUtils.parseV6("),
    ("    a TTL-less record: NumberFormatException in TTL.parse", "java.lang.NumberFormatException.<init>"),
    ("  file and line of each record (BindZoneLoader$Position.of)", "org.loomdns.zone.bind.BindZoneLoader$Position.of("),
    ("  ZoneBuilder.add", "org.loomdns.zone.ZoneBuilder.add("),
    ("  ZoneBuilder.build (checks, nodes, empty non-terminals)", "org.loomdns.zone.ZoneBuilder.build("),
]


def samples(path, jfr, event):
    out = subprocess.run([jfr, "print", "--events", event, "--stack-depth", "64", path],
                         capture_output=True, text=True, timeout=300).stdout
    for block in out.split("\n}\n"):
        m = re.search(r"stackTrace = \[\n(.*?)\n\s*\]", block, re.S)
        if m:
            frames = [re.sub(r"\s+line: \d+$", "", f.strip()) for f in m.group(1).split("\n")]
            yield [f for f in frames if f and f != "..."]


def main():
    mode, path = sys.argv[1], sys.argv[2]
    jfr = sys.argv[3] if len(sys.argv) > 3 else "jfr"
    steps = SERVE if mode == "serve" else LOAD
    for event in ("jdk.CPUTimeSample", "jdk.ExecutionSample"):
        stacks = list(samples(path, jfr, event))
        if mode == "serve":  # only the threads that serve: virtual threads, their carriers, the timer
            stacks = [s for s in stacks if not any("org.loomdns.cli.Main.run(" in f for f in s)
                      and any(f.startswith(SERVING) for f in s)]
        if len(stacks) > 100:
            break
    if not stacks:
        print("no samples in %s" % path)
        return
    n = len(stacks)
    print("%d %s samples%s\n" % (n, event, " of the serving threads (start-up excluded)" if mode == "serve" else ""))
    print("Inclusive (the share of samples that pass through each step):")
    for label, prefix in steps:
        k = sum(1 for s in stacks if any(f.startswith(prefix) for f in s))
        if k or not label.startswith(("dynamic", "  Groovy", "  the per-query", "timer")):
            print("  %5.1f%%  %s" % (100.0 * k / n, label))
    print("\nSelf (top of the stack):")
    top = collections.Counter(s[0] for s in stacks)
    for frame, k in top.most_common(15):
        print("  %5.1f%%  %s" % (100.0 * k / n, frame[:150]))


if __name__ == "__main__":
    main()
