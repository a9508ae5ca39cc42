package org.loomdns.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * Connects to a service by its SRV records (RFC 2782), as Twisted's {@code SRVConnector} does:
 * targets in priority order, weighted at random within a priority, each target's addresses tried
 * in turn until one accepts; without SRV records, the domain itself on a default port.
 */
public final class SrvConnector {

  private final DnsClient client;
  private final RandomGenerator random;

  public SrvConnector(DnsClient client) {
    this(client, RandomGenerator.getDefault());
  }

  /** With the random numbers that pick among targets of one priority (seeded, in tests). */
  public SrvConnector(DnsClient client, RandomGenerator random) {
    this.client = client;
    this.random = random;
  }

  /**
   * A TCP connection to {@code _service._protocol.domain}'s first target that accepts one within
   * {@code timeout}; to {@code domain:defaultPort} when the name has no SRV records.
   *
   * @throws ConnectException naming every target tried, when none accepted, or when the domain
   *     says the service is decidedly not available (a single SRV record with target ".")
   */
  public Socket connect(String service, String protocol, String domain, int defaultPort, Duration timeout)
      throws IOException, DnsLookupException {
    String name = "_" + service + "._" + protocol + "." + domain;
    List<SRVRecord> records;
    try {
      records = client.query(name, Type.SRV).answers(SRVRecord.class);
    } catch (NxDomainException e) {
      records = List.of();
    }
    if (records.size() == 1 && records.get(0).getTarget().equals(Name.root)) {
      throw new ConnectException(name + ": the service is not available there (SRV target \".\")");
    }
    List<String> tried = new ArrayList<>();
    List<InetSocketAddress> targets = new ArrayList<>();
    if (records.isEmpty()) {
      client.getAllByName(domain, Type.A, Type.AAAA).forEach(a -> targets.add(new InetSocketAddress(a, defaultPort)));
    } else {
      for (SRVRecord r : order(records)) {
        try {
          for (InetAddress a : client.getAllByName(r.getTarget().toString(), Type.A, Type.AAAA)) {
            targets.add(new InetSocketAddress(a, r.getPort()));
          }
        } catch (DnsLookupException e) {
          tried.add(r.getTarget() + ": " + e.getMessage());
        }
      }
    }
    for (InetSocketAddress target : targets) {
      Socket socket = new Socket();
      try {
        socket.connect(target, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return socket;
      } catch (IOException e) {
        socket.close();
        tried.add(target.getAddress().getHostAddress() + "#" + target.getPort() + ": " + e.getMessage());
      }
    }
    throw new ConnectException(name + ": no target accepted a connection (" + String.join("; ", tried) + ")");
  }

  /**
   * The records in the order RFC 2782 says to try them: ascending priority; within a priority,
   * each next record picked at random with probability proportional to its weight. RFC 2782's
   * inclusive draw (0 to the sum) favours the first record (weights 1 and 1 come out 2:1), so the
   * draw here is exactly proportional, as Go's resolver draws; records of weight 0 come after the
   * weighted ones of their priority, in random order.
   */
  public List<SRVRecord> order(List<SRVRecord> records) {
    List<SRVRecord> byPriority = new ArrayList<>(records);
    byPriority.sort(Comparator.comparingInt(SRVRecord::getPriority));
    List<SRVRecord> ordered = new ArrayList<>(records.size());
    int i = 0;
    while (i < byPriority.size()) {
      int priority = byPriority.get(i).getPriority();
      List<SRVRecord> group = new ArrayList<>();
      while (i < byPriority.size() && byPriority.get(i).getPriority() == priority) {
        group.add(byPriority.get(i++));
      }
      while (!group.isEmpty()) {
        ordered.add(group.remove(pick(group)));
      }
    }
    return ordered;
  }

  private int pick(List<SRVRecord> group) {
    long total = group.stream().mapToLong(SRVRecord::getWeight).sum();
    if (total == 0) {
      return random.nextInt(group.size());
    }
    long draw = random.nextLong(total);
    long running = 0;
    for (int k = 0; k < group.size(); k++) {
      running += group.get(k).getWeight();
      if (running > draw) {
        return k;
      }
    }
    throw new IllegalStateException("a draw below the sum of the weights always lands");
  }
}
