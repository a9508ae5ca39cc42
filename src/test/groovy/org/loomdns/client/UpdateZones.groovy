package org.loomdns.client

import org.loomdns.support.UpdateServer
import org.loomdns.support.UpdateServers
import org.xbill.DNS.TXTRecord
import org.xbill.DNS.Type

/** The zone and key the update specs give every kind of server, and one server of each kind. */
class UpdateZones implements AutoCloseable {

  static final String ORIGIN = 'example.com.'

  /** The key the servers take updates with, as {@code nsupdate -y} writes it. */
  static final String KEY = 'hmac-sha256:update-key:' + Base64.encoder.encodeToString(('update-secret-' * 3).bytes)

  /** The same name, another secret: a key the server does not know by that secret. */
  static final String WRONG_SECRET = 'hmac-sha256:update-key:' + Base64.encoder.encodeToString(('not-the-secret' * 3).bytes)

  /** A name the server has no key of. */
  static final String UNKNOWN_KEY = 'hmac-sha256:stranger:' + Base64.encoder.encodeToString(('update-secret-' * 3).bytes)

  static final String ZONE = '''$ORIGIN example.com.
$TTL 300
@         SOA   ns1 hostmaster 1 7200 3600 1209600 60
@         NS    ns1
@         MX    10 mail
ns1       A     192.0.2.53
mail      A     192.0.2.25
www       A     192.0.2.80
www       A     192.0.2.81
www       AAAA  2001:db8::80
'''

  private final Map<String, UpdateServer> running = [:]

  /** The server of that kind, started on first use and kept until {@link #close}. */
  synchronized UpdateServer server(String kind) {
    running.computeIfAbsent(kind) { UpdateServers.start(kind, ORIGIN, ZONE, KEY) }
  }

  /** A client for it that signs with the key. */
  UpdateBuilder update(String kind, String key = KEY) {
    DnsClient.forServer('127.0.0.1', server(kind).port).update(ORIGIN).key(key)
  }

  /** The name's records of the type, straight from the server (no recursion, UDP then TCP). */
  List<String> records(String kind, String name, int type) {
    recordsAt(server(kind), name, type)
  }

  /** The same from any server; TXT records as their strings joined, unquoted. */
  static List<String> recordsAt(UpdateServer server, String name, int type) {
    DnsClient c = DnsClient.builder().server('127.0.0.1', server.port).recursionDesired(false).build()
    try {
      c.query(name, type).answer().collect { it instanceof TXTRecord ? it.strings.join(' ') : it.rdataToString() }.sort()
    } catch (NxDomainException ignored) {
      []
    }
  }

  @Override
  void close() {
    running.values().each { it.close() }
  }

  static List<String> kinds() {
    UpdateServers.KINDS.keySet() as List
  }

  static int type(String mnemonic) {
    Type.value(mnemonic)
  }
}
