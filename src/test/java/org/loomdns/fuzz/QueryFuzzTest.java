package org.loomdns.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.loomdns.authority.AuthorityResolver;
import org.loomdns.authority.ZoneSet;
import org.loomdns.chain.ResolverChain;
import org.loomdns.chain.Transport;
import org.loomdns.net.Cidr;
import org.loomdns.server.QueryProcessor;
import org.loomdns.server.ServerConfig;
import org.loomdns.zone.bind.BindZoneLoader;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;

/**
 * Any bytes a client sends, over UDP or TCP, get no reply or well-formed replies: dnsjava parses
 * them, they carry the query's ID and QR, and they fit the transport (512 bytes over UDP without
 * EDNS); nothing but the sink's IOException leaves {@link QueryProcessor#process}.
 */
class QueryFuzzTest {

  private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5353);
  private static final int UDP_WITHOUT_EDNS = 512;
  private static final int TCP_MAX = 65535;

  private static final ServerConfig DEFAULTS = ServerConfig.defaults(List.of(InetAddress.getLoopbackAddress()), 0);
  private static final ResolverChain CHAIN = chain();
  /** The server's default: the packet cache on, so a repeated query is answered from it. */
  private static final QueryProcessor CACHED = new QueryProcessor(CHAIN, DEFAULTS.maxUdpPayload(), false, "fuzz",
      DEFAULTS.packetCacheEntries());
  /** The full path every time, logging each query as --log-queries does. */
  private static final QueryProcessor LOGGED = new QueryProcessor(CHAIN, DEFAULTS.maxUdpPayload(), true, "fuzz", 0);

  private static ResolverChain chain() {
    try {
      // Transfers allowed to the client, so AXFR and IXFR take their multi-message path too.
      AuthorityResolver authority = new AuthorityResolver(
          new ZoneSet(List.of(BindZoneLoader.load(Path.of("zones/example.com.zone")))),
          List.of(Cidr.parse("127.0.0.0/8")));
      return ResolverChain.builder().authority(authority).build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest
  void query(byte[] data) throws IOException {
    checkUdp(CACHED, data);
    checkUdp(CACHED, data); // the second time from the packet cache, when it took the first reply
    checkUdp(LOGGED, data);
    checkTcp(LOGGED, data);
  }

  private static void checkUdp(QueryProcessor processor, byte[] data) throws IOException {
    List<byte[]> replies = process(processor, data, Transport.UDP);
    assertTrue(replies.size() <= 1, "one datagram answers one datagram");
    for (byte[] wire : replies) {
      check(data, wire, udpLimit(data));
    }
  }

  private static void checkTcp(QueryProcessor processor, byte[] data) throws IOException {
    for (byte[] wire : process(processor, data, Transport.TCP)) {
      check(data, wire, TCP_MAX);
    }
  }

  private static List<byte[]> process(QueryProcessor processor, byte[] data, Transport transport) throws IOException {
    List<byte[]> replies = new ArrayList<>();
    processor.process(data.clone(), CLIENT, transport, replies::add);
    return replies;
  }

  private static void check(byte[] query, byte[] wire, int limit) throws IOException {
    assertTrue(wire.length <= limit, () -> "a reply of " + wire.length + " bytes, over the limit of " + limit);
    Message reply = new Message(wire);
    int id = ((query[0] & 0xFF) << 8) | (query[1] & 0xFF);
    assertEquals(id, reply.getHeader().getID(), "the reply's ID");
    assertTrue(reply.getHeader().getFlag(Flags.QR), "a reply has QR set");
  }

  /** What RFC 1035 and RFC 6891 allow over UDP for this query, as the client offered it. */
  private static int udpLimit(byte[] data) {
    OPTRecord opt;
    try {
      opt = new Message(data).getOPT();
    } catch (IOException | RuntimeException e) {
      opt = null; // unparsable: the FORMERR reply carries no OPT
    }
    return opt == null ? UDP_WITHOUT_EDNS
        : Math.max(UDP_WITHOUT_EDNS, Math.min(opt.getPayloadSize(), DEFAULTS.maxUdpPayload()));
  }
}
