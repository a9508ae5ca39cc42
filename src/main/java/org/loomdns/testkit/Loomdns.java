package org.loomdns.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.loomdns.cli.Serving;
import org.loomdns.client.DnsClient;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An in-process loomdns on 127.0.0.1 and a port the system picks, started from the options the
 * command line takes ({@code --bindzone}, {@code --pyzone}, {@code --script}, {@code --forward},
 * {@code --cache}…), and a client bound to it. Close it to stop it ({@code @AutoCleanup}, or
 * {@link LoomdnsSpec} does it).
 */
public final class Loomdns implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Serving serving;
  private final String[] args;

  private Loomdns(Serving serving, String[] args) {
    this.serving = serving;
    this.args = args;
  }

  /**
   * Starts one with these command-line options (any {@code --port} or {@code --interface} is
   * replaced by 127.0.0.1 and a free port). A wrong option or a file with a mistake is an
   * IllegalArgumentException saying what and where (file and line), as the server would.
   */
  public static Loomdns serve(String... args) {
    try {
      return new Loomdns(Serving.onLoopback(List.of(args)), args.clone());
    } catch (Serving.SetupException e) {
      throw new IllegalArgumentException("loomdns did not start with " + String.join(" ", args) + ": " + e.getMessage(), e);
    }
  }

  /** Serves these zone files: BIND, or Groovy and Python pyzone files, told apart as {@code check} tells them. */
  public static Loomdns zones(String... files) {
    List<String> a = new ArrayList<>();
    for (String f : files) {
      a.add(Serving.zoneOption(Path.of(f)));
      a.add(f);
    }
    return serve(a.toArray(String[]::new));
  }

  /** Answers from these rule files ({@code --script}) alone. */
  public static Loomdns rules(String... files) {
    List<String> a = new ArrayList<>();
    for (String f : files) {
      a.add("--script");
      a.add(f);
    }
    return serve(a.toArray(String[]::new));
  }

  /** Where it listens, UDP and TCP. */
  public InetSocketAddress getAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), serving.port());
  }

  public int getPort() {
    return serving.port();
  }

  /** loomdns's own client, asking this server alone (NXDOMAIN and the like are exceptions there). */
  public DnsClient getClient() {
    return DnsClient.forServer(InetAddress.getLoopbackAddress().getHostAddress(), serving.port());
  }

  /** The answer's data for NAME and TYPE ({@code org.xbill.DNS.Type.A}…), over UDP, recursion desired as dig asks. */
  public Answers resolve(String name, int type) {
    return new Answers(query(name, type));
  }

  /** The same with the type's name: {@code resolve('example.com', 'MX')}. */
  public Answers resolve(String name, String type) {
    return resolve(name, type(type));
  }

  /** The whole reply to NAME TYPE over UDP, TC left as the server set it. */
  public Reply query(String name, int type) {
    return ask(name, type, false);
  }

  public Reply query(String name, String type) {
    return query(name, type(type));
  }

  /** The whole reply over TCP. */
  public Reply queryTcp(String name, int type) {
    return ask(name, type, true);
  }

  public Reply queryTcp(String name, String type) {
    return queryTcp(name, type(type));
  }

  /** Re-reads every zone and rule file, as SIGHUP does. */
  public void reload() {
    serving.reload();
  }

  @Override
  public void close() {
    serving.close();
  }

  @Override
  public String toString() {
    return "loomdns on " + getAddress().getAddress().getHostAddress() + "#" + getPort() + " (" + String.join(" ", args) + ")";
  }

  private Reply ask(String name, int type, boolean tcp) {
    SimpleResolver r = new SimpleResolver(getAddress());
    r.setTCP(tcp);
    r.setIgnoreTruncation(true);
    r.setTimeout(TIMEOUT);
    Message query = Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
    query.getHeader().setFlag(Flags.RD);
    try {
      return new Reply(r.send(query));
    } catch (IOException e) {
      throw new UncheckedIOException("no reply from " + this + " to " + name + " " + Type.string(type), e);
    }
  }

  static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + text, e);
    }
  }

  static int type(String text) {
    int t = Type.value(text);
    if (t < 0) {
      throw new IllegalArgumentException("not a record type: " + text);
    }
    return t;
  }
}
