package org.loomdns.update

import java.nio.file.Files
import java.time.Duration
import java.util.concurrent.TimeUnit
import org.loomdns.authority.AuthorityResolver
import org.loomdns.authority.ServedZones
import org.loomdns.authority.ZoneSet
import org.loomdns.acl.Acl
import org.loomdns.chain.ResolverChain
import org.loomdns.server.DnsServer
import org.loomdns.stats.Drops
import org.loomdns.support.Scratch
import org.loomdns.support.TestServer
import org.loomdns.tsig.TsigKeys
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Opcode
import org.xbill.DNS.Record
import org.xbill.DNS.SimpleResolver
import org.xbill.DNS.TSIG
import org.xbill.DNS.Type

/**
 * loomdns in process with its zones open to updates: the authority stage over {@link ServedZones},
 * the {@link UpdateHandler} as the chain's UPDATE handler with a {@link RecordingLog}, TSIG keys,
 * on 127.0.0.1 and a free port. nsupdate and knsupdate are run against it as a user runs them.
 */
class UpdateServer implements AutoCloseable {

  static final String SECRET = 'c2VjcmV0IG9mIHRoZSB1cGRhdGUga2V5IGZvciB0ZXN0cw=='
  static final String OTHER_SECRET = 'b3RoZXIgc2VjcmV0IG9mIGFub3RoZXIga2V5IGZvciB0ZXN0'
  static final String ZONE = '''$ORIGIN example.com.
$TTL 3600
@      SOA   ns1 hostmaster 2026120501 7200 3600 1209600 300
@      NS    ns1
@      NS    ns2
@      MX    10 mail
@      TXT   "v=spf1 -all"
ns1    A     192.0.2.53
ns2    A     192.0.2.54
mail   A     192.0.2.25
www    A     192.0.2.80
www    TXT   "hello"
alias  CNAME www
'''

  final ServedZones served
  final RecordingLog log
  final Drops drops = new Drops()
  final DnsServer server
  final UpdateHandler handler

  UpdateServer(Map opts = [:]) {
    def zones = (opts.zones ?: [ZONE]).collect { TestServer.loadBind(it as String) }
    served = new ServedZones(new ZoneSet(zones))
    log = (opts.log ?: new RecordingLog()) as RecordingLog
    log.served = served
    def keys = TsigKeys.parse(opts.keys ?: ["hmac-sha256:update-key:${SECRET}", "hmac-sha256:other-key:${OTHER_SECRET}"]
        .collect { it.toString() })
    def policy = opts.policy ? PolicyLoader.load(opts.policy as String, 'policy.groovy', keys) : UpdatePolicy.NONE
    def access = UpdateAccess.parse((opts.allowUpdate != null ? opts.allowUpdate : ['update-key']) as List<String>, keys, policy)
    Set<Name> notPrimary = (opts.secondaries ?: []).collect { Name.fromString(it as String) } as Set
    handler = new UpdateHandler(served, { !notPrimary.contains(it) }, access, log, drops,
        (opts.capacity ?: UpdateHandler.DEFAULT_QUEUE) as int)
    def chain = ResolverChain.builder().authority(new AuthorityResolver(served, Acl.parse(['127.0.0.1'], keys, 'test')))
        .handler(Opcode.UPDATE, handler).build()
    server = new DnsServer(TestServer.config([:]), chain, 'loomdns test', drops, keys).start()
  }

  int getPort() { server.port() }

  /** Waits (bounded) until {@code n} updates wait for the zone's turn. */
  void awaitWaiting(int n) {
    for (int i = 0; i < 600 && handler.waiting(Name.fromString('example.com.')) < n; i++) {
      Thread.sleep(50)
    }
    assert handler.waiting(Name.fromString('example.com.')) == n
  }

  long serial(String origin = 'example.com.') {
    served.current().get(Name.fromString(origin)).serial()
  }

  /** The data of the records of {@code type} at {@code name} served now, as text, sorted. */
  List<String> data(String name, int type) {
    def zone = served.current().find(Name.fromString(name))
    def set = zone?.node(Name.fromString(name))?.get(type)
    set == null ? [] : set.records().collect { it.rdataToString().replace('"', '') }.sort()
  }

  /** Runs nsupdate (or knsupdate) with {@code commands} on stdin; returns [exit code, output]. */
  List nsupdate(String commands, Map opts = [:]) {
    String key = opts.containsKey('key') ? opts.key : "hmac-sha256:update-key:${SECRET}"
    String tool = opts.tool ?: 'nsupdate'
    List<String> args = [tool] + (key ? ['-y', key] : []) + (opts.tcp ? ['-v'] : [])
    String header = "server 127.0.0.1 ${port}\nzone ${opts.zone ?: 'example.com.'}\n"
    Nsupdate.run(args, header + commands.stripIndent().trim() + '\nsend\n')
  }

  /** A signed UPDATE sent with dnsjava over TCP; the reply. */
  Message send(Message update, String keyName = 'update-key', String secret = SECRET) {
    def r = new SimpleResolver('127.0.0.1')
    r.port = port
    r.TCP = true
    r.timeout = Duration.ofSeconds(10)
    if (keyName) r.TSIGKey = new TSIG(TSIG.HMAC_SHA256, keyName, secret)
    r.send(update)
  }

  @Override
  void close() {
    server.close()
  }
}
