package org.loomdns.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;
import org.xbill.DNS.hosts.HostsFileParser;

/**
 * A DNS client: {@code getHostByName}, one lookup per record type, a general {@link #query} and
 * reverse lookups, against the system's servers or chosen ones.
 *
 * <p>Every lookup comes twice: a blocking method, cheap to call from thousands of virtual threads,
 * and an {@code …Async} method returning a {@link CompletableFuture} completed on a virtual thread
 * of its own. At most {@link Builder#maxInFlight(int)} queries of one client are on the wire at
 * once; the rest wait their turn, so a loop over a million names holds no more sockets than that.
 *
 * <p>Servers are asked in order: each gets {@link Builder#tries(int)} tries of {@link
 * Builder#timeout(Duration)} when it does not reply; SERVFAIL, REFUSED or an I/O error moves on to
 * the next. NXDOMAIN is final. A truncated UDP reply is asked again over TCP (dnsjava does that).
 * Failures are {@link DnsLookupException}s: {@link NxDomainException}, {@link ServFailException},
 * {@link RefusedException}, {@link LookupTimeoutException}.
 *
 * <p>A name ending in a dot is absolute. Others are tried under the search domains too when the
 * client has them ({@link Builder#search}; {@link #fromSystem()} takes resolv.conf's {@code search}
 * and {@code ndots}), as the C library tries them. A client is immutable and safe to share.
 *
 * <pre>{@code
 * DnsClient dns = DnsClient.fromSystem();
 * InetAddress a = dns.getHostByName("example.com");
 * List<MXRecord> mx = dns.lookupMailExchange("example.com").answers(MXRecord.class);
 * DnsClient local = DnsClient.forServer("127.0.0.1", 5353);
 * }</pre>
 */
public final class DnsClient implements TypedLookups {

  /** Which address family {@link #getHostByName(String, Prefer)} returns when a name has both. */
  public enum Prefer {
    IPV4(Type.A, Type.AAAA),
    IPV6(Type.AAAA, Type.A);

    private final int[] order;

    Prefer(int... order) {
      this.order = order;
    }
  }

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
  public static final int DEFAULT_TRIES = 2;
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;
  public static final int DEFAULT_UDP_PAYLOAD = 1232;

  /** A CNAME chain longer than this is a loop or a mistake. */
  private static final int MAX_CNAME_HOPS = 8;

  private final List<SimpleResolver> resolvers;
  private final List<String> serverNames;
  private final int tries;
  private final boolean recursionDesired;
  private final Duration timeout;
  private final HostsFileParser hosts;
  private final SearchList search;
  // Shared by every lookup of this client: it is the bound on queries in flight.
  private final Semaphore inFlight;

  private DnsClient(Builder b) {
    List<InetSocketAddress> servers = b.servers.isEmpty() ? ResolverConfig.getCurrentConfig().servers() : b.servers;
    this.resolvers = new ArrayList<>();
    this.serverNames = new ArrayList<>();
    for (InetSocketAddress s : servers) {
      SimpleResolver r = new SimpleResolver(s);
      r.setTimeout(b.timeout);
      r.setTCP(b.tcp);
      if (b.udpPayload == 0) {
        r.setEDNS(-1, 0, 0, List.of());
      } else {
        r.setEDNS(0, b.udpPayload, b.dnssec ? ExtendedFlags.DO : 0, List.of());
      }
      resolvers.add(r);
      serverNames.add(s.getAddress().getHostAddress() + "#" + s.getPort());
    }
    this.tries = b.tries;
    this.recursionDesired = b.recursionDesired;
    this.timeout = b.timeout;
    this.hosts = b.hostsFile;
    this.search = b.search;
    this.inFlight = new Semaphore(b.maxInFlight);
  }

  /** The servers of resolv.conf (or the platform's equivalent) and the system hosts file. */
  public static DnsClient fromSystem() {
    ResolverConfig system = ResolverConfig.getCurrentConfig();
    return builder().systemHostsFile()
        .search(system.searchPath().stream().map(Name::toString).toList(), system.ndots()).build();
  }

  /** One server, no hosts file. */
  public static DnsClient forServer(String address, int port) {
    return builder().server(address, port).build();
  }

  /**
   * One server written as the client writes them, {@code ADDRESS} or {@code ADDRESS#PORT} (e.g.
   * {@code 127.0.0.1#5353}, {@code ::1#5353}); no hosts file.
   */
  public static DnsClient forServer(String server) {
    return builder().server(server).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The servers asked, in order, as {@code address#port}. */
  public List<String> servers() {
    return List.copyOf(serverNames);
  }

  // ---- getHostByName

  /** The first address of {@code name}, IPv4 if it has one, else IPv6. */
  public InetAddress getHostByName(String name) throws DnsLookupException {
    return getHostByName(name, Prefer.IPV4);
  }

  /**
   * The first address of {@code name}: from the hosts file if the client has one, else from DNS,
   * asking A and AAAA separately in the preferred order and following CNAMEs.
   *
   * @throws NxDomainException when the name does not exist
   * @throws DnsLookupException when it exists but has no address, or the lookup fails
   */
  public InetAddress getHostByName(String name, Prefer prefer) throws DnsLookupException {
    List<InetAddress> found = searching(name, n -> addressesOf(n, true, prefer.order), List::isEmpty, List.of());
    if (found.isEmpty()) {
      Record question = Record.newRecord(SearchList.absolute(name), prefer.order[0], DClass.IN);
      String all = String.join(", ", serverNames);
      throw new DnsLookupException(DnsLookupException.describe("no A or AAAA records", question, all),
          question, all, null, null);
    }
    return found.get(0);
  }

  /**
   * Every address of {@code name} of the given types ({@link Type#A}, {@link Type#AAAA}), in that
   * order: the hosts file's when it lists the name, else DNS's, following CNAMEs.
   * Empty when the name has none of them.
   *
   * @throws NxDomainException when the name does not exist
   */
  public List<InetAddress> getAllByName(String name, int... types) throws DnsLookupException {
    return searching(name, n -> addressesOf(n, false, types), List::isEmpty, List.of());
  }

  /**
   * The hosts file's addresses of the name when it lists it (as the C library's "files" first),
   * else DNS's; with {@code firstTypeOnly}, those of the first type that has any, asking no further.
   */
  private List<InetAddress> addressesOf(Name n, boolean firstTypeOnly, int... types) throws DnsLookupException {
    List<InetAddress> all = new ArrayList<>();
    for (int type : types) {
      if (type != Type.A && type != Type.AAAA) {
        throw new IllegalArgumentException("addresses are A or AAAA, not " + Type.string(type));
      }
      fromHosts(n, type).ifPresent(all::add);
    }
    if (!all.isEmpty()) {
      return all;
    }
    for (int type : types) {
      all.addAll(addresses(followingCnames(n, type), type));
      if (firstTypeOnly && !all.isEmpty()) {
        break;
      }
    }
    return all;
  }


  /** {@link #getHostByName} as a future, completed on a virtual thread. */
  public CompletableFuture<InetAddress> getHostByNameAsync(String name) {
    return async(() -> getHostByName(name));
  }

  /** {@link #getHostByName} as a future, completed on a virtual thread. */
  public CompletableFuture<InetAddress> getHostByNameAsync(String name, Prefer prefer) {
    return async(() -> getHostByName(name, prefer));
  }

  // ---- reverse

  /**
   * The reverse-lookup name of an address: {@code 192.0.2.100} gives {@code
   * 100.2.0.192.in-addr.arpa.}, an IPv6 address its ip6.arpa nibble form.
   *
   * @throws IllegalArgumentException when {@code address} is not an IPv4 or IPv6 address
   */
  public static Name reverseName(String address) {
    try {
      return ReverseMap.fromAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + address);
    }
  }

  /** The PTR records of an address, e.g. {@code reverseLookup("192.0.2.80")}. */
  public Response reverseLookup(String address) throws DnsLookupException {
    return ask(Record.newRecord(reverseName(address), Type.PTR, DClass.IN));
  }

  /** {@link #reverseLookup} as a future, completed on a virtual thread. */
  public CompletableFuture<Response> reverseLookupAsync(String address) {
    return async(() -> reverseLookup(address));
  }

  // ---- the general query

  /** Any type, class IN; {@code type} is a {@link Type} constant such as {@code Type.MX}. */
  @Override
  public Response query(String name, int type) throws DnsLookupException {
    return query(name, type, DClass.IN);
  }

  /**
   * Any type and class. NOERROR gives a {@link Response}, possibly with an empty answer (the name
   * exists without data of that type); every other outcome throws.
   */
  public Response query(String name, int type, int dclass) throws DnsLookupException {
    return searching(name, n -> ask(Record.newRecord(n, type, dclass)), r -> r.answer().isEmpty(), null);
  }

  /** {@link #query} as a future, completed on a virtual thread. */
  @Override
  public CompletableFuture<Response> queryAsync(String name, int type) {
    return queryAsync(name, type, DClass.IN);
  }

  /** {@link #query} as a future, completed on a virtual thread. */
  public CompletableFuture<Response> queryAsync(String name, int type, int dclass) {
    return async(() -> query(name, type, dclass));
  }

  // ---- the zone

  /**
   * Every record of {@code zone} by AXFR over TCP from the first server that gives it (Twisted's
   * {@code lookupZone}), SOA first and last as the transfer sent them.
   */
  public List<Record> lookupZone(String zone) throws DnsLookupException {
    Name origin = name(zone);
    Record question = Record.newRecord(origin, Type.AXFR, DClass.IN);
    Exception last = null;
    for (int i = 0; i < resolvers.size(); i++) {
      try {
        ZoneTransferIn xfr = ZoneTransferIn.newAXFR(origin, resolvers.get(i).getAddress(), null);
        xfr.setTimeout(timeout);
        xfr.run();
        return List.copyOf(xfr.getAXFR());
      } catch (IOException | ZoneTransferException e) {
        last = e;
      }
    }
    String all = String.join(", ", serverNames);
    throw new DnsLookupException(DnsLookupException.describe("zone transfer failed: " + last.getMessage(), question, all),
        question, all, null, last);
  }

  /** {@link #lookupZone} as a future, completed on a virtual thread. */
  public CompletableFuture<List<Record>> lookupZoneAsync(String zone) {
    return async(() -> lookupZone(zone));
  }

  /** A dynamic update of {@code zone} (RFC 2136) for this client's servers, to build and send. */
  public UpdateBuilder update(String zone) {
    return new UpdateBuilder(name(zone), resolvers.stream().map(SimpleResolver::getAddress).toList(), timeout, tries);
  }

  // ---- the machinery

  private Response ask(Record question) throws DnsLookupException {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      String all = String.join(", ", serverNames);
      throw new DnsLookupException(DnsLookupException.describe("interrupted before asking", question, all),
          question, all, null, e);
    }
    try {
      return askServers(question);
    } finally {
      inFlight.release();
    }
  }

  private Response askServers(Record question) throws DnsLookupException {
    DnsLookupException failure = null;
    IOException timedOut = null;
    for (int i = 0; i < resolvers.size(); i++) {
      String server = serverNames.get(i);
      Message reply;
      try {
        reply = askOne(resolvers.get(i), question);
      } catch (IOException e) {
        if (isTimeout(e)) {
          timedOut = e;
        } else {
          String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          failure = new DnsLookupException(DnsLookupException.describe("no usable reply (" + why + ")",
              question, server), question, server, null, e);
        }
        continue;
      }
      switch (reply.getRcode()) {
        case Rcode.NOERROR:
          return Response.of(question, server, reply);
        case Rcode.NXDOMAIN:
          throw DnsLookupException.of(reply, question, server);
        default:
          failure = DnsLookupException.of(reply, question, server);
      }
    }
    if (failure != null) {
      throw failure;
    }
    String all = String.join(", ", serverNames);
    String what = "timed out after " + tries + " tries of " + timeout.toMillis() + " ms: no reply";
    throw new LookupTimeoutException(DnsLookupException.describe(what, question, all), question, all, timedOut);
  }

  /** One server, up to {@code tries} times while it stays silent. */
  private Message askOne(SimpleResolver resolver, Record question) throws IOException {
    IOException last = null;
    for (int t = 0; t < tries; t++) {
      try {
        Message query = Message.newQuery(question);
        if (!recursionDesired) {
          query.getHeader().unsetFlag(Flags.RD);
        }
        return resolver.send(query);
      } catch (IOException e) {
        if (!isTimeout(e)) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  /** dnsjava's blocking send reports a timeout as a plain IOException caused by one. */
  private static boolean isTimeout(IOException e) {
    return e instanceof SocketTimeoutException
        || e.getCause() instanceof TimeoutException
        || e.getCause() instanceof SocketTimeoutException;
  }

  private Response followingCnames(Name name, int type) throws DnsLookupException {
    Name target = name;
    for (int hop = 0; hop < MAX_CNAME_HOPS; hop++) {
      Response r = ask(Record.newRecord(target, type, DClass.IN));
      Name end = chainEnd(r);
      if (end == null) {
        throw cnameFailure("CNAME loop", r.question());
      }
      if (end.equals(target) || !addresses(r, type).isEmpty()) {
        return r;
      }
      // The answer's chain leads out of what the server knows: ask about where it ends.
      target = end;
    }
    throw cnameFailure("CNAME chain longer than " + MAX_CNAME_HOPS, Record.newRecord(name, type, DClass.IN));
  }

  private DnsLookupException cnameFailure(String what, Record question) {
    String all = String.join(", ", serverNames);
    return new DnsLookupException(DnsLookupException.describe(what, question, all), question, all, null, null);
  }

  /** Where the answer's CNAME chain from the question's name ends; null when it loops. */
  private static Name chainEnd(Response r) {
    Name at = r.question().getName();
    Set<Name> seen = new HashSet<>();
    while (seen.add(at)) {
      Name from = at;
      Optional<CNAMERecord> next = r.answers(CNAMERecord.class).stream().filter(c -> c.getName().equals(from)).findFirst();
      if (next.isEmpty()) {
        return at;
      }
      at = next.get().getTarget();
    }
    return null;
  }

  private static List<InetAddress> addresses(Response r, int type) {
    Name end = chainEnd(r);
    List<InetAddress> found = new ArrayList<>();
    for (Record rec : r.answer()) {
      if (rec.getType() == type && rec.getName().equals(end)) {
        found.add(rec instanceof ARecord a ? a.getAddress() : ((AAAARecord) rec).getAddress());
      }
    }
    return found;
  }

  private Optional<InetAddress> fromHosts(Name name, int type) {
    if (hosts == null) {
      return Optional.empty();
    }
    try {
      return hosts.getAddressForHost(name, type);
    } catch (IOException e) {
      // An unreadable hosts file is the same as an empty one, as for the C library's resolver.
      return Optional.empty();
    }
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + text + " (" + e.getMessage() + ")");
    }
  }

  private interface NameCall<T> {
    T run(Name name) throws DnsLookupException;
  }

  /**
   * {@code call} for each name {@code text} may mean under the search list, as the C library's
   * res_search goes: on to the next on NXDOMAIN, SERVFAIL or an empty result, which is kept; the
   * first result with data wins; else the first empty result, else the first failure. Any other
   * failure (REFUSED, a timeout) ends the search: thrown when it came first, else the earlier
   * result stands.
   */
  private <T> T searching(String text, NameCall<T> call, java.util.function.Predicate<T> empty, T none)
      throws DnsLookupException {
    T firstEmpty = null;
    DnsLookupException firstNx = null;
    for (Name n : search.candidates(text)) {
      try {
        T result = call.run(n);
        if (!empty.test(result)) {
          return result;
        }
        if (firstEmpty == null) {
          firstEmpty = result;
        }
      } catch (NxDomainException | ServFailException e) {
        if (firstNx == null) {
          firstNx = e;
        }
      } catch (DnsLookupException e) {
        if (firstEmpty == null && firstNx == null) {
          throw e;
        }
        break;
      }
    }
    if (firstEmpty != null) {
      return firstEmpty;
    }
    if (firstNx != null) {
      throw firstNx;
    }
    return none;
  }

  private interface Call<T> {
    T run() throws DnsLookupException;
  }

  private static <T> CompletableFuture<T> async(Call<T> call) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread.ofVirtual().name("loomdns-lookup").start(() -> {
      try {
        f.complete(call.run());
      } catch (Throwable e) {
        // Anything at all: a future that never completes would hang its caller.
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  /** Servers, timeouts and limits; every setting has a default. */
  public static final class Builder {
    private final List<InetSocketAddress> servers = new ArrayList<>();
    private Duration timeout = DEFAULT_TIMEOUT;
    private int tries = DEFAULT_TRIES;
    private boolean tcp;
    private int udpPayload = DEFAULT_UDP_PAYLOAD;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private HostsFileParser hostsFile;
    private boolean dnssec;
    private boolean recursionDesired = true;
    private SearchList search = SearchList.NONE;

    private Builder() {}

    /** A server to ask, by IP address (no name lookup happens here). */
    public Builder server(String address, int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
      }
      return server(new InetSocketAddress(ipAddress(address), port));
    }

    /** A server as the client writes them, {@code ADDRESS} or {@code ADDRESS#PORT}. */
    public Builder server(String server) {
      int hash = server.lastIndexOf('#');
      if (hash < 0) {
        return server(server, 53);
      }
      String port = server.substring(hash + 1);
      if (!port.matches("[0-9]{1,5}")) {
        throw new IllegalArgumentException("a server is ADDRESS or ADDRESS#PORT, not " + server);
      }
      return server(server.substring(0, hash), Integer.parseInt(port));
    }

    /** A server to ask; servers are asked in the order given. Without any, resolv.conf's. */
    public Builder server(InetSocketAddress address) {
      servers.add(address);
      return this;
    }

    /** How long to wait for each reply; default 3 s. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, not " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** How many times to ask a silent server before the next; default 2. */
    public Builder tries(int tries) {
      if (tries < 1) {
        throw new IllegalArgumentException("tries must be at least 1, not " + tries);
      }
      this.tries = tries;
      return this;
    }

    /** Ask over TCP from the start instead of UDP first. */
    public Builder tcp(boolean tcp) {
      this.tcp = tcp;
      return this;
    }

    /** The EDNS UDP payload size to advertise; 0 sends no EDNS (replies up to 512 bytes). */
    public Builder udpPayload(int bytes) {
      if (bytes != 0 && (bytes < 512 || bytes > 65535)) {
        throw new IllegalArgumentException("UDP payload must be 0 or 512 to 65535, not " + bytes);
      }
      this.udpPayload = bytes;
      return this;
    }

    /**
     * Relative names (no final dot) are tried under these domains too, as resolv.conf's
     * {@code search} and {@code options ndots:N} make the C library try them; default none.
     */
    public Builder search(List<String> domains, int ndots) {
      this.search = SearchList.of(domains, ndots);
      return this;
    }

    /** Set EDNS's DO bit: ask for DNSSEC records (RRSIG, NSEC…) with the answers; needs EDNS. */
    public Builder dnssec(boolean dnssec) {
      this.dnssec = dnssec;
      return this;
    }

    /** Set RD in queries (the default); off asks a server for what it holds itself, as dig +norec. */
    public Builder recursionDesired(boolean rd) {
      this.recursionDesired = rd;
      return this;
    }

    /** How many queries may be on the wire at once; default 256. */
    public Builder maxInFlight(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1, not " + n);
      }
      this.maxInFlight = n;
      return this;
    }

    /** Answer {@code getHostByName} from this hosts file first. */
    public Builder hostsFile(Path file) {
      this.hostsFile = new HostsFileParser(file);
      return this;
    }

    /** Answer {@code getHostByName} from the system hosts file first (/etc/hosts). */
    public Builder systemHostsFile() {
      this.hostsFile = new HostsFileParser();
      return this;
    }

    public DnsClient build() {
      if (dnssec && udpPayload == 0) {
        throw new IllegalArgumentException("DNSSEC records are asked for with EDNS, which a UDP payload of 0 turns off");
      }
      return new DnsClient(this);
    }

    private static InetAddress ipAddress(String text) {
      String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
      if (!t.matches("[0-9a-fA-F:.%]+") || !(t.contains(".") || t.contains(":"))) {
        throw new IllegalArgumentException("a server is an IP address, not " + text);
      }
      try {
        return InetAddress.getByName(t);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("a server is an IP address, not " + text);
      }
    }
  }
}
