package org.loomdns.cli;

import com.beust.jcommander.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options of {@code java -jar loomdns.jar [options]}, named as {@code twistd dns} names them. */
final class ServeOptions {

  @Parameter(names = {"-p", "--port"}, description = "Port for UDP and TCP", order = 0)
  int port = 53;

  @Parameter(names = {"-i", "--interface"},
      description = "Address to listen on (repeatable); default: every address, IPv4 and IPv6", order = 1)
  List<String> interfaces = new ArrayList<>();

  @Parameter(names = "--bindzone", description = "A BIND master file to serve (repeatable)", order = 3)
  List<Path> bindZones = new ArrayList<>();

  @Parameter(names = "--pyzone",
      description = "A zone in Groovy, or a Twisted Python zone file ending in .py (repeatable)", order = 4)
  List<Path> pyZones = new ArrayList<>();

  @Parameter(names = "--script",
      description = "A Groovy rule file for the dynamic stage (repeatable); see README", order = 5)
  List<Path> scripts = new ArrayList<>();

  @Parameter(names = "--dynamic", arity = 2,
      description = "PATTERN NETWORK: answer A queries for PATTERN<N>.<anything> with NETWORK.N, "
          + "e.g. --dynamic workstation 172.0.2 (repeatable)", order = 6)
  List<String> dynamic = new ArrayList<>();

  @Parameter(names = "--script-timeout",
      description = "Milliseconds a rule may run for one query before it is interrupted (SERVFAIL)", order = 7)
  long scriptTimeout = 100;

  @Parameter(names = "--allow-transfer",
      description = "Address or CIDR allowed to AXFR/IXFR our zones (repeatable); default: nobody", order = 10)
  List<String> allowTransfer = new ArrayList<>();

  @Parameter(names = "--max-udp-payload",
      description = "Largest UDP reply to an EDNS client, in bytes (512-65535)", order = 20)
  int maxUdpPayload = 1232;

  @Parameter(names = "--tcp-idle-timeout", description = "Seconds a TCP connection may sit idle", order = 21)
  int tcpIdleTimeout = 10;

  @Parameter(names = "--max-tcp-connections", description = "Open TCP connections at once", order = 22)
  int maxTcpConnections = 1000;

  @Parameter(names = {"-v", "--verbose"},
      description = "Log one line per query; twice (-vv) also dnsjava's own debug output", order = 30)
  boolean verbose;

  /** How many times -v was given; set from {@link Verbosity}. */
  int verbosity;

  @Parameter(names = "--version", description = "Print the version and exit", order = 40)
  boolean version;

  @Parameter(names = {"-h", "--help"}, help = true, description = "Print this help and exit", order = 41)
  boolean help;
}
