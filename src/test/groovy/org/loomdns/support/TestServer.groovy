package org.loomdns.support

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import org.loomdns.acl.Acl
import org.loomdns.authority.AuthorityResolver
import org.loomdns.authority.ServedZones
import org.loomdns.authority.ZoneSet
import org.loomdns.chain.Resolver
import org.loomdns.chain.ResolverChain
import org.loomdns.server.DnsServer
import org.loomdns.server.ServerConfig
import org.loomdns.server.UdpIo
import org.loomdns.stats.Drops
import org.loomdns.tsig.TsigKeys
import org.loomdns.zone.Zone
import org.loomdns.zone.bind.BindZoneLoader
import org.xbill.DNS.DClass
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.SimpleResolver
import org.xbill.DNS.Type

/**
 * A real loomdns server on 127.0.0.1 and a free port, for specs: start it with zones (BIND text or
 * files) and/or any chain, query it with dnsjava or dig, close it.
 */
class TestServer implements AutoCloseable {

  final DnsServer server
  final ResolverChain chain
  final AuthorityResolver authority

  private TestServer(ResolverChain chain, AuthorityResolver authority, ServerConfig config, TsigKeys keys = TsigKeys.NONE) {
    this.chain = chain
    this.authority = authority
    this.server = new DnsServer(config, chain, 'loomdns test', new Drops(), keys).start()
  }

  /** A server whose authority stage serves the given BIND zone texts (one string per zone). */
  static TestServer withZones(List<String> zoneTexts, Map opts = [:]) {
    withLoadedZones(zoneTexts.collect { loadBind(it) }, opts)
  }

  /**
   * A server whose authority stage serves zones already loaded (by any loader); opts.keys
   * (TsigKeys) verify signed requests, and opts.transferAcl (an Acl) replaces opts.allowTransfer.
   */
  static TestServer withLoadedZones(List<Zone> zones, Map opts = [:]) {
    def authority = opts.transferAcl
        ? new AuthorityResolver(new ServedZones(new ZoneSet(zones)), opts.transferAcl as Acl)
        : new AuthorityResolver(new ZoneSet(zones), opts.allowTransfer ?: [])
    def builder = ResolverChain.builder().authority(authority)
    if (opts.cache) builder.cache(opts.cache as Resolver)
    if (opts.dynamic) builder.dynamic(opts.dynamic as Resolver)
    if (opts.forwarder) builder.forwarder(opts.forwarder as Resolver)
    new TestServer(builder.build(), authority, config(opts), (opts.keys ?: TsigKeys.NONE) as TsigKeys)
  }

  /** A server with exactly this chain. */
  static TestServer withChain(ResolverChain chain, Map opts = [:]) {
    new TestServer(chain, null, config(opts))
  }

  static ServerConfig config(Map opts) {
    def d = ServerConfig.defaults([InetAddress.getByName('127.0.0.1')], 0)
    new ServerConfig(d.addresses(), 0,
        (opts.maxUdpPayload ?: d.maxUdpPayload()) as int, d.udpReceiveBuffer(), d.maxUdpInFlight(),
        (opts.maxTcpConnections ?: d.maxTcpConnections()) as int, d.maxTcpPipeline(),
        (opts.tcpIdleTimeout ?: d.tcpIdleTimeout()) as Duration, Duration.ofSeconds(2), false,
        (opts.packetCache != null ? opts.packetCache : d.packetCacheEntries()) as int,
        (opts.udpIo ?: d.udpIo()) as UdpIo,
        (opts.rateLimit ?: 0) as int, (opts.rateLimitSlip != null ? opts.rateLimitSlip : d.rateLimitSlip()) as int,
        (opts.rateLimitWindow ?: d.rateLimitWindow()) as int)
  }

  /** Loads a BIND zone given as text, through the real loader. */
  static Zone loadBind(String text) {
    Path dir = Scratch.dir('zone')
    def origin = (text =~ '(?m)^[$]ORIGIN\\s+(\\S+)')
    Path file = dir.resolve(origin.find() ? origin.group(1) + 'zone' : 'test.zone')
    Files.writeString(file, text)
    BindZoneLoader.load(file)
  }

  int getPort() { server.port() }

  /** A dnsjava resolver aimed at this server; it retries over TCP on TC unless tcp is forced. */
  SimpleResolver resolver(boolean tcp = false) {
    def r = new SimpleResolver('127.0.0.1')
    r.port = port
    r.TCP = tcp
    r.timeout = Duration.ofSeconds(3)
    r
  }

  Message query(String name, int type = Type.A, Map opts = [:]) {
    def q = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, (opts.dclass ?: DClass.IN) as int))
    def r = resolver(opts.tcp as boolean)
    if (opts.edns != null) r.setEDNS(0, opts.edns as int, 0, [])
    r.send(q)
  }

  /** Runs dig against this server; returns its stdout. */
  String dig(String... args) {
    Dig.run(['@127.0.0.1', '-p', port as String] + (args as List))
  }

  @Override
  void close() {
    server.close()
  }
}
