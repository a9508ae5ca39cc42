package org.loomdns.forward;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.Resolver;
import org.loomdns.net.Addresses;
import org.loomdns.net.HostPort;
import org.loomdns.stats.Drops;
import org.loomdns.stats.PeerCounts;
import org.tinylog.Logger;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The forwarding stage: asks the upstream resolvers and passes their answer on, never as
 * authoritative. One client query gets at most {@code budget} in all and then SERVFAIL, never
 * silence; identical questions in flight at once go upstream once. A query without RD passes,
 * as a recursive server does not recurse for it.
 *
 * <p>What clients can make it hold is bounded by {@link #MAX_EXCHANGES}: a question must take an
 * exchange permit before it enters the table of questions in flight, so that table never holds
 * more; a question past the bound is answered SERVFAIL and counted as
 * {@link Drops.Kind#FORWARD_BUSY}. Askers of a question already in flight take no permit: they
 * wait on its one fetch, and each is a query the server already holds a permit for.
 */
public final class ForwardResolver implements Resolver, AutoCloseable {

  private record Key(Name name, int type, int dclass, boolean dnssecOk, boolean checkingDisabled) {}

  private static final Outcome.Answer SERVFAIL = Outcome.Answer.failure(Rcode.SERVFAIL);
  /**
   * Fetches upstream at once. Each holds a waiter and a parsed reply until its upstream answers or
   * its budget ends (and a TCP one a socket), so without a bound a flood of distinct questions to
   * a slow upstream grows without end.
   */
  static final int MAX_EXCHANGES = 512;
  /**
   * Of those, the share that may ask again over TCP at once: a reply over TCP may be 64 KB and
   * costs some 250 KB of heap while in flight (its bytes, parsed, scrubbed), so 512 of them would
   * hold over 100 MB; 64 hold some 16 MB.
   */
  static final int TCP_SHARE = 8;

  private final Supplier<Upstreams> source;
  private final ForwardSettings settings;
  private final Health health;
  private final QueryPorts ports = new QueryPorts();
  /**
   * Questions being fetched now, each with the one fetch that every asker of it waits on; at most
   * one per exchange permit.
   */
  private final ConcurrentHashMap<Key, CompletableFuture<Outcome.Answer>> inFlight = new ConcurrentHashMap<>();
  /** Where round-robin starts next; only ever incremented. */
  private final AtomicInteger turn = new AtomicInteger();
  private final int maxExchanges;
  private final Semaphore exchanges;
  private final Semaphore tcpExchanges;
  private final Drops drops;
  private final PeerCounts peers = new PeerCounts();

  ForwardResolver(Supplier<Upstreams> source, ForwardSettings settings, Drops drops) {
    this(source, settings, MAX_EXCHANGES, drops);
  }

  ForwardResolver(Supplier<Upstreams> source, ForwardSettings settings, int maxExchanges, Drops drops) {
    this.source = source;
    this.settings = settings;
    this.health = new Health(source, settings, ports);
    this.maxExchanges = maxExchanges;
    this.exchanges = new Semaphore(maxExchanges);
    this.tcpExchanges = new Semaphore(Math.max(1, maxExchanges / TCP_SHARE));
    this.drops = drops;
  }

  /** Forwards to these upstreams, in this order, counting what it sheds into a Drops of its own. */
  public static ForwardResolver to(List<InetSocketAddress> upstreams, ForwardSettings settings) {
    return to(upstreams, settings, new Drops());
  }

  /** Forwards to these upstreams, in this order, counting what it sheds into {@code drops}. */
  public static ForwardResolver to(List<InetSocketAddress> upstreams, ForwardSettings settings, Drops drops) {
    if (upstreams.isEmpty()) {
      throw new IllegalArgumentException("no upstream to forward to");
    }
    Upstreams fixed = Upstreams.of(upstreams);
    return new ForwardResolver(() -> fixed, settings, drops);
  }

  /** Forwards to the nameservers of a resolv.conf file, re-read when it changes. */
  public static ForwardResolver fromResolvConf(Path file, ForwardSettings settings, Drops drops) throws IOException {
    return new ForwardResolver(new ResolvConf(file), settings, drops);
  }

  /** Exchanges with each upstream, by address, for metrics. */
  public PeerCounts peers() {
    for (InetSocketAddress u : source.get().servers()) {
      peers.up(Addresses.text(u), !health.isDown(u));
    }
    return peers;
  }

  /** The upstreams in use now, for the startup log. */
  public List<InetSocketAddress> upstreams() {
    return source.get().servers();
  }

  /**
   * Parses {@code ADDR}, {@code ADDR:PORT}, {@code [V6ADDR]:PORT} or a bare IPv6 address; the port
   * defaults to 53.
   */
  public static InetSocketAddress parseUpstream(String text) {
    HostPort hp;
    try {
      hp = HostPort.split(text, 53);
    } catch (HostPort.Malformed e) {
      throw new IllegalArgumentException(e.problem() == HostPort.Problem.PORT
          ? "--forward port must be 1 to 65535: " + text : "--forward takes ADDR[:PORT], not " + text);
    }
    var address = ResolvConf.literal(hp.host());
    if (address == null) {
      throw new IllegalArgumentException("--forward takes an IP address, not " + text);
    }
    return new InetSocketAddress(address, hp.port());
  }

  @Override
  public String name() {
    return "forwarder";
  }

  @Override
  public boolean recurses() {
    return true;
  }

  @Override
  public Outcome resolve(Query query) throws InterruptedException {
    if (!query.request().getHeader().getFlag(Flags.RD)) {
      return Outcome.PASS;
    }
    long deadline = System.nanoTime() + settings.budget().toNanos();
    Key key = new Key(query.name(), query.type(), query.dclass(), query.dnssecOk(), query.checkingDisabled());
    CompletableFuture<Outcome.Answer> running = inFlight.get(key);
    if (running != null) {
      return await(running, deadline);
    }
    if (!exchanges.tryAcquire()) {
      drops.count(Drops.Kind.FORWARD_BUSY, "forwarder: all {} upstream exchanges in flight; {} {} answered SERVFAIL",
          maxExchanges, query.name(), Type.string(query.type()));
      return SERVFAIL;
    }
    CompletableFuture<Outcome.Answer> mine = new CompletableFuture<>();
    Outcome.Answer answer = SERVFAIL;
    try {
      running = inFlight.putIfAbsent(key, mine);
      if (running == null) {
        answer = fetch(query.question(), query.dnssecOk(), query.checkingDisabled(), deadline);
        return answer;
      }
    } finally {
      if (running == null) {
        inFlight.remove(key, mine);
        mine.complete(answer);
      }
      exchanges.release();
    }
    return await(running, deadline);
  }

  /** The answer of another asker's fetch of the same question, or SERVFAIL at the deadline. */
  private static Outcome.Answer await(CompletableFuture<Outcome.Answer> running, long deadline)
      throws InterruptedException {
    try {
      return running.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return SERVFAIL;
    }
  }

  /**
   * Tries the upstreams that are up in the policy's order, for as many rounds as configured and
   * as the budget allows. A definite answer (NOERROR, NXDOMAIN, ...) ends it; SERVFAIL, REFUSED,
   * NOTIMP or FORMERR moves on to the next upstream and is passed on as it came when no upstream
   * does better. With every upstream down the answer is SERVFAIL at once: the prober brings them
   * back, and meanwhile a cache in front may serve stale data.
   */
  private Outcome.Answer fetch(Record question, boolean dnssecOk, boolean checkingDisabled, long deadline) {
    Upstreams upstreams = source.get();
    Duration timeout = upstreams.timeout() != null ? upstreams.timeout() : settings.timeout();
    int attempts = upstreams.attempts() > 0 ? upstreams.attempts() : settings.attempts();
    List<InetSocketAddress> up = new ArrayList<>(upstreams.servers().size());
    for (InetSocketAddress u : upstreams.servers()) {
      if (!health.isDown(u)) {
        up.add(u);
      }
    }
    List<InetSocketAddress> order = settings.policy().order(up, turn);
    Set<InetSocketAddress> answered = new HashSet<>();
    Outcome.Answer fallback = null;
    for (int round = 0; round < attempts; round++) {
      for (InetSocketAddress upstream : order) {
        long now = System.nanoTime();
        if (now >= deadline) {
          return fallback != null ? fallback : SERVFAIL;
        }
        if (answered.contains(upstream)) {
          continue;
        }
        try {
          Message reply = Exchange.ask(upstream, question, dnssecOk, checkingDisabled,
              Math.min(deadline, now + timeout.toNanos()), ports, tcpExchanges);
          health.succeeded(upstream);
          String name = Addresses.text(upstream);
          peers.answered(name, System.nanoTime() - now);
          peers.up(name, true);
          Outcome.Answer answer = answer(reply);
          if (!tryAnother(answer.rcode())) {
            return answer;
          }
          fallback = answer;
          answered.add(upstream);
        } catch (Exchange.TcpBusy e) {
          // The upstream answered: not its failure. A later round may find a TCP exchange free.
          drops.count(Drops.Kind.FORWARD_BUSY, "forwarder: {} {}: {}", question.getName(),
              Type.string(question.getType()), e.getMessage());
        } catch (IOException e) {
          health.failed(upstream, now);
          peers.failed(Addresses.text(upstream));
          peers.up(Addresses.text(upstream), !health.isDown(upstream));
          Logger.debug("{} {} via {}: {}", question.getName(), Type.string(question.getType()), Addresses.text(upstream),
              e.getMessage());
        }
      }
    }
    return fallback != null ? fallback : SERVFAIL;
  }

  private static boolean tryAnother(int rcode) {
    return rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED || rcode == Rcode.NOTIMP || rcode == Rcode.FORMERR;
  }

  /**
   * The upstream's answer as ours: its rcode and the records that answer the question (see
   * {@link Scrub}), never AA, and minimal, as Unbound and BIND answer recursive clients by default:
   * a positive answer goes out without the upstream's NS records and glue, which a stub resolver
   * never uses and which cost bytes on every cache hit; any other answer keeps its authority
   * section (the SOA that RFC 2308 negative caching downstream needs) and drops the additional
   * one. With DO set the authority and additional sections stay, since signatures and denial
   * proofs travel there.
   */
  static Outcome.Answer answer(Message reply) {
    Record question = reply.getQuestion();
    OPTRecord opt = reply.getOPT();
    boolean dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
    Scrub.Sections kept = Scrub.sections(question, reply.getRcode(), reply.getSection(Section.ANSWER),
        reply.getSection(Section.AUTHORITY), reply.getSection(Section.ADDITIONAL), dnssecOk);
    if (dnssecOk) {
      return new Outcome.Answer(reply.getRcode(), false, kept.answer(), kept.authority(), kept.additional());
    }
    boolean positive = false;
    for (Record r : kept.answer()) {
      positive |= reply.getRcode() == Rcode.NOERROR && (r.getType() == question.getType() || question.getType() == Type.ANY);
    }
    return new Outcome.Answer(reply.getRcode(), false, kept.answer(),
        positive ? List.of() : kept.authority(), List.of());
  }

  @Override
  public void close() {
    health.close();
    ports.close();
  }
}
