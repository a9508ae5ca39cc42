package org.loomdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.ResolverChain;
import org.loomdns.chain.Transport;
import org.loomdns.net.Addresses;
import org.loomdns.ratelimit.ResponseRateLimiter;
import org.loomdns.stats.CacheReading;
import org.loomdns.stats.Drops;
import org.loomdns.transferwire.TransferWire;
import org.loomdns.tsig.TsigKeys;
import org.tinylog.Logger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Turns one request's bytes into the reply's bytes: the header rules (RFC 1035, RFC 6891 EDNS,
 * the class rules), the chain in between, RFC 8482's minimal ANY over UDP ({@link MinimalAny}), the
 * size limits of the transport and response rate limiting of UDP replies. A request that carries
 * a TSIG is checked first ({@link TsigCheck}) and every reply to it signed; zone transfers go
 * out through {@link TransferOut}. Holds no per-query state, so every virtual thread shares one.
 */
public final class QueryProcessor {

  /** Where replies go: one datagram, or one length-prefixed TCP message per call. */
  @FunctionalInterface
  public interface ReplySink {
    void send(byte[] wire) throws IOException;
  }

  private static final int UDP_WITHOUT_EDNS = 512;
  /** RA in the header's fourth byte. */
  private static final int RA = 0x80;
  private static final int TCP_MAX = 65535;

  private static final String PACKET_CACHE = "packet cache";
  private static final String SERVER = "server";
  private static final Name VERSION_BIND = Name.fromConstantString("version.bind.");
  private static final Name VERSION_SERVER = Name.fromConstantString("version.server.");

  private final ResolverChain chain;
  private final int maxUdpPayload;
  private final boolean logQueries;
  private final String version;
  /** Null when off (no entries); with -v its hits are logged too, so logging never changes answers. */
  private final PacketCache packets;
  /** Null when off, so that the cost without rate limiting is one check. */
  private final ResponseRateLimiter limiter;
  private final TsigCheck tsig;
  /** The answer sections of whole-zone transfers, kept for the next client of the same version. */
  private final TransferWire transferWire;
  /** Null when nothing watches, so that the cost without metrics or a query log is one check. */
  private final QueryObserver observer;

  public QueryProcessor(ResolverChain chain, int maxUdpPayload, boolean logQueries, String version,
      int packetCacheEntries) {
    this(chain, maxUdpPayload, logQueries, version, packetCacheEntries, null);
  }

  /** With {@code limiter} (null for none) deciding what of each UDP reply goes out. */
  public QueryProcessor(ResolverChain chain, int maxUdpPayload, boolean logQueries, String version,
      int packetCacheEntries, ResponseRateLimiter limiter) {
    this(chain, maxUdpPayload, logQueries, version, packetCacheEntries, limiter, TsigKeys.NONE, new Drops());
  }

  /** And with {@code keys} to verify signed requests with, counting failures into {@code drops}. */
  public QueryProcessor(ResolverChain chain, int maxUdpPayload, boolean logQueries, String version,
      int packetCacheEntries, ResponseRateLimiter limiter, TsigKeys keys, Drops drops) {
    this(chain, maxUdpPayload, logQueries, version, packetCacheEntries, limiter, keys, drops, null);
  }

  /** And telling {@code observer} (null for none) of every query answered or dropped. */
  public QueryProcessor(ResolverChain chain, int maxUdpPayload, boolean logQueries, String version,
      int packetCacheEntries, ResponseRateLimiter limiter, TsigKeys keys, Drops drops, QueryObserver observer) {
    this(chain, maxUdpPayload, logQueries, version, packetCacheEntries, limiter, keys, drops, observer,
        new TransferWire(TransferWire.DEFAULT_BOUND));
  }

  /** And sending zone transfers with the answer sections {@code transferWire} keeps (or makes, then keeps). */
  public QueryProcessor(ResolverChain chain, int maxUdpPayload, boolean logQueries, String version,
      int packetCacheEntries, ResponseRateLimiter limiter, TsigKeys keys, Drops drops, QueryObserver observer,
      TransferWire transferWire) {
    this.chain = chain;
    this.transferWire = transferWire;
    this.observer = observer;
    this.limiter = limiter;
    this.tsig = new TsigCheck(keys, drops);
    this.maxUdpPayload = maxUdpPayload;
    this.logQueries = logQueries;
    this.version = version;
    this.packets = packetCacheEntries > 0 ? new PacketCache(packetCacheEntries, maxUdpPayload) : null;
  }

  /** Answers {@code data} into {@code sink}; sends nothing when the request is to be dropped. */
  public void process(byte[] data, InetSocketAddress client, Transport transport, ReplySink sink)
      throws IOException {
    PacketCache.Key key = cacheKey(data, transport);
    if (!answerFromCache(key, data, client, transport, sink)) {
      resolve(key, data, client, transport, sink);
    }
  }

  /**
   * The packet cache's key of {@code data}, made once per query for its lookup and for keeping
   * the full path's reply; null for a query the packet cache does not take (a signed one among
   * them), or with no packet cache.
   */
  PacketCache.Key cacheKey(byte[] data, Transport transport) {
    return packets == null ? null : packets.key(data, transport);
  }

  /**
   * Answers {@code data}, whose {@link #cacheKey} is {@code key}, from the packet cache when it
   * holds the reply; false, having sent nothing, when it does not. Cheap, and blocking only in
   * {@code sink}, so a UDP or TCP reader may call it itself.
   */
  boolean answerFromCache(PacketCache.Key key, byte[] data, InetSocketAddress client, Transport transport,
      ReplySink sink) throws IOException {
    if (key == null) {
      return false;
    }
    long hitStart = logQueries || observer != null ? System.nanoTime() : 0;
    byte[] again = packets.reply(key, data, client);
    if (again == null) {
      return false;
    }
    if (limiter != null && transport == Transport.UDP) {
      sink = limited(sink, client); // rate limiting sees hits too: most replies are hits
    }
    // Kept as made for an earlier client; RA is this client's own (see reply).
    again[3] = (byte) (chain.recursionAvailable(client) ? again[3] | RA : again[3] & ~RA);
    sink.send(again);
    if (observer != null) {
      observer.answered(data, again, again[3] & 0xF, client, transport, PACKET_CACHE, System.nanoTime() - hitStart);
    }
    if (logQueries) {
      logHit(data, again, client, transport, hitStart);
    }
    return true;
  }

  /**
   * Answers {@code data}, whose {@link #cacheKey} is {@code key}, by the full path, for a query
   * the packet cache did not answer.
   */
  void resolve(PacketCache.Key key, byte[] data, InetSocketAddress client, Transport transport, ReplySink sink)
      throws IOException {
    if (limiter != null && transport == Transport.UDP) {
      sink = limited(sink, client);
    }
    long start = System.nanoTime();
    if (data.length < Header.LENGTH) {
      logDrop(data, client, transport, "shorter than a DNS header", start);
      return;
    }
    if ((data[2] & 0x80) != 0) { // QR, read off the bytes: the header is parsed with the message
      logDrop(data, client, transport, "a response, not a query", start);
      return;
    }
    Message request;
    try {
      request = new Message(data);
    } catch (IOException | RuntimeException e) {
      send(data, sink, transport, reply(new Header(data), null, null, Rcode.FORMERR, client), null, null, client,
          start, SERVER, "unparsable: " + e.getMessage());
      return;
    }
    Header header = request.getHeader();
    List<Record> questions = request.getSection(Section.QUESTION);
    Record question = questions.size() == 1 ? questions.get(0) : null;
    OPTRecord opt = request.getOPT();

    TsigCheck.Verdict signed = tsig.check(request, data, client);
    if (signed != null && !signed.verified()) {
      send(data, sink, transport, reply(header, question, opt, signed.rcode(), client), opt, signed, client, start,
          SERVER, "TSIG " + (signed.rcode() == Rcode.FORMERR ? "MAC size" : Rcode.TSIGstring(signed.error())));
      return;
    }
    int early = earlyRcode(header, request, questions, opt, chain);
    if (early >= 0) {
      send(data, sink, transport, reply(header, question, opt, early, client), opt, signed, client, start, SERVER, null);
      return;
    }
    if (question.getDClass() != DClass.IN) {
      send(data, sink, transport, otherClass(header, question, opt, client), opt, signed, client, start, SERVER, null);
      return;
    }
    Query query = new Query(request, question, client, transport, header.getOpcode(),
        signed == null ? null : signed.signer());
    ResolverChain.Resolution resolution = chain.resolve(query);
    if (!(resolution.outcome() instanceof Outcome.Answer answer)) {
      log(data, null, -1, client, transport, question, "dropped", resolution.stage(), start);
      return;
    }
    if (question.getType() == Type.ANY && transport == Transport.UDP) {
      answer = MinimalAny.of(answer, query.dnssecOk());
    }
    int rcode = answer.rcode();
    if (rcode > 0xF && opt == null) {
      rcode = Rcode.SERVFAIL; // an extended rcode cannot be said without EDNS
    }
    Message reply = reply(header, question, opt, rcode, client);
    if (answer.authoritative()) {
      reply.getHeader().setFlag(Flags.AA);
    }
    boolean transfer = transport == Transport.TCP
        && (question.getType() == Type.AXFR || question.getType() == Type.IXFR)
        && answer.answer().size() > 1;
    if (transfer) {
      TransferOut.send(sink, reply, answer, signed, client, start, transferWire);
      log(data, null, rcode, client, transport, question,
          Rcode.string(rcode) + " (" + answer.answer().size() + " records)", resolution.stage(), start);
      return;
    }
    answer.answer().forEach(r -> reply.addRecord(r, Section.ANSWER));
    answer.authority().forEach(r -> reply.addRecord(r, Section.AUTHORITY));
    answer.additional().forEach(r -> reply.addRecord(r, Section.ADDITIONAL));
    byte[] wire = send(data, sink, transport, reply, opt, signed, client, start, resolution.stage(), null);
    if (key != null && signed == null && resolution.reuse() != null) {
      packets.remember(key, wire, resolution.reuse());
    }
  }

  /** The packet cache's counts and sizes now; null when it is off. */
  CacheReading packetCache() {
    return packets == null ? null : packets.reading();
  }

  /** {@code sink}, sending only what response rate limiting lets go to {@code client}. */
  private ReplySink limited(ReplySink sink, InetSocketAddress client) {
    return wire -> {
      byte[] allowed = limiter.admit(wire, client);
      if (allowed != null) {
        sink.send(allowed);
      }
    };
  }

  /** The rcode the header alone decides, or -1 when the question goes on to the chain. */
  private static int earlyRcode(Header header, Message request, List<Record> questions, OPTRecord opt,
      ResolverChain chain) {
    if (!chain.handles(header.getOpcode())) {
      return Rcode.NOTIMP;
    }
    if (questions.size() != 1) {
      return Rcode.FORMERR;
    }
    int opts = 0;
    for (Record r : request.getSection(Section.ADDITIONAL)) {
      if (r.getType() == Type.OPT) {
        opts++;
      }
    }
    if (opts > 1 || (opt != null && !opt.getName().equals(Name.root))) {
      return Rcode.FORMERR; // RFC 6891 section 6.1.1: one OPT, owned by the root
    }
    if (opt != null && opt.getVersion() > 0) {
      return Rcode.BADVERS;
    }
    int qtype = questions.get(0).getType();
    if (qtype == Type.OPT) {
      return Rcode.FORMERR;
    }
    if (qtype == Type.MAILA || qtype == Type.MAILB || qtype == Type.TKEY || qtype == Type.TSIG) {
      return Rcode.NOTIMP;
    }
    return -1;
  }

  /**
   * Class CH answers version.bind and version.server with our version, as BIND and Knot do, and
   * refuses the rest; other classes (HS, NONE, ANY) are refused: we serve class IN only.
   */
  private Message otherClass(Header header, Record question, OPTRecord opt, InetSocketAddress client) {
    Name name = question.getName();
    boolean versionQuery = question.getDClass() == DClass.CH
        && (question.getType() == Type.TXT || question.getType() == Type.ANY)
        && (name.equals(VERSION_BIND) || name.equals(VERSION_SERVER));
    if (!versionQuery) {
      return reply(header, question, opt, Rcode.REFUSED, client);
    }
    Message reply = reply(header, question, opt, Rcode.NOERROR, client);
    reply.getHeader().setFlag(Flags.AA);
    reply.addRecord(new TXTRecord(name, DClass.CH, 0, version), Section.ANSWER);
    return reply;
  }

  /**
   * A reply echoing ID, opcode, RD, CD and the question, with QR set, and RA when some stage
   * recurses for this client: one refused recursion is not told it is available.
   */
  private Message reply(Header request, Record question, OPTRecord opt, int rcode, InetSocketAddress client) {
    Message reply = new Message(request.getID());
    Header h = reply.getHeader();
    h.setFlag(Flags.QR);
    h.setOpcode(request.getOpcode());
    if (request.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    if (request.getFlag(Flags.CD)) {
      h.setFlag(Flags.CD);
    }
    if (chain.recursionAvailable(client)) {
      h.setFlag(Flags.RA);
    }
    h.setRcode(rcode & 0xF);
    if (question != null) {
      reply.addRecord(question, Section.QUESTION);
    }
    if (opt != null) {
      int dnssecOk = opt.getFlags() & ExtendedFlags.DO;
      reply.addRecord(new OPTRecord(maxUdpPayload, rcode >>> 4, 0, dnssecOk), Section.ADDITIONAL);
    }
    return reply;
  }

  private int sizeLimit(Transport transport, OPTRecord opt) {
    return sizeLimit(transport, opt != null, opt == null ? 0 : opt.getPayloadSize(), maxUdpPayload);
  }

  /** How big a reply may be: RFC 1035's 512 bytes over UDP, more when EDNS offers it (RFC 6891). */
  static int sizeLimit(Transport transport, boolean edns, int payloadSize, int maxUdpPayload) {
    if (transport == Transport.TCP) {
      return TCP_MAX;
    }
    if (!edns) {
      return UDP_WITHOUT_EDNS;
    }
    return Math.max(UDP_WITHOUT_EDNS, Math.min(payloadSize, maxUdpPayload));
  }

  /** Encodes {@code reply} within the transport's limit, signed as {@code signed} (null: unsigned) says. */
  private byte[] send(byte[] query, ReplySink sink, Transport transport, Message reply, OPTRecord opt, TsigCheck.Verdict signed,
      InetSocketAddress client, long start, String stage, String why) throws IOException {
    if (signed != null) {
      signed.sign(reply);
    }
    byte[] wire = reply.toWire(sizeLimit(transport, opt));
    sink.send(wire);
    if (observer != null) {
      observer.answered(query, wire, reply.getRcode(), client, transport, stage, System.nanoTime() - start);
    }
    if (logQueries) {
      Record q = reply.getQuestion();
      String rcode = Rcode.string(reply.getRcode())
          + (Header.LENGTH <= wire.length && (wire[2] & 0x02) != 0 ? " tc" : "");
      logLine(client, transport, q, why == null ? rcode : rcode + " " + why, stage, start);
    }
    return wire;
  }

  private void log(byte[] query, byte[] reply, int rcode, InetSocketAddress client, Transport transport, Record q,
      String result, String stage, long start) {
    if (observer != null) {
      observer.answered(query, reply, rcode, client, transport, stage, System.nanoTime() - start);
    }
    if (logQueries) {
      logLine(client, transport, q, result, stage, start);
    }
  }

  private static void logLine(InetSocketAddress client, Transport transport, Record q, String result,
      String stage, long start) {
    long micros = (System.nanoTime() - start) / 1_000;
    Logger.debug("{} {} {} {} {} by {} in {}us",
        Addresses.text(client), transport,
        q == null ? "-" : q.getName(), q == null ? "-" : Type.string(q.getType()),
        result, stage, micros);
  }

  /** The query log's line for a reply sent again from the packet cache; only -v parses the question. */
  private static void logHit(byte[] query, byte[] reply, InetSocketAddress client, Transport transport, long start) {
    Record q;
    try {
      q = new Message(query).getQuestion();
    } catch (IOException e) {
      q = null;
    }
    String rcode = Rcode.string(reply[3] & 0xF) + ((reply[2] & 0x02) != 0 ? " tc" : "");
    logLine(client, transport, q, rcode, PACKET_CACHE, start);
  }

  private void logDrop(byte[] query, InetSocketAddress client, Transport transport, String why, long start) {
    if (observer != null) {
      observer.answered(query, null, -1, client, transport, SERVER, System.nanoTime() - start);
    }
    if (logQueries) {
      Logger.debug("{} {} dropped: {}", Addresses.text(client),
          transport, why);
    }
  }
}
