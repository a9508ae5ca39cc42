package org.loomdns.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.loomdns.tsig.TsigKey;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * One dynamic update (RFC 2136) of one zone, built up and then sent: prerequisites (section 2.4),
 * additions and deletions (section 2.5), optionally signed with a TSIG key. Made by {@link
 * DnsClient#update(String)}; names without a final dot are relative to the zone.
 *
 * <pre>{@code
 * UpdateResult r = DnsClient.forServer("127.0.0.1", 53).update("example.com")
 *     .key(TsigKey.parse("hmac-sha256:update-key:c2VjcmV0..."))
 *     .requireNameNotInUse("_acme-challenge.www")
 *     .add("_acme-challenge.www", 60, Type.TXT, "\"token\"")
 *     .send();
 * if (r.status() == UpdateStatus.YXDOMAIN) { ... }
 * }</pre>
 *
 * <p>{@link #send()} goes over UDP, and again over TCP when the reply is truncated (or over TCP
 * from the start with {@link #tcp(boolean)}), to the client's servers in order while they stay
 * silent; the first reply is the result, whatever its rcode. A signed update's reply must carry a
 * TSIG that verifies with the key, else the send fails: an unsigned or forged reply could claim
 * success. A builder is not safe to share between threads.
 */
public final class UpdateBuilder {

  private final Name zone;
  private final Update update;
  private final List<InetSocketAddress> servers;
  private final Duration timeout;
  private final int tries;
  private TsigKey key;
  private boolean tcp;
  private InetSocketAddress local;

  UpdateBuilder(Name zone, List<InetSocketAddress> servers, Duration timeout, int tries) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("an update needs a server to go to");
    }
    this.zone = zone;
    this.update = new Update(zone, DClass.IN);
    this.servers = List.copyOf(servers);
    this.timeout = timeout;
    this.tries = tries;
  }

  /** The zone updated. */
  public Name zone() {
    return zone;
  }

  // ---- prerequisites (RFC 2136 section 2.4)

  /** Name is in use (2.4.4): the name owns at least one record, else the server says NXDOMAIN. */
  public UpdateBuilder requireNameInUse(String name) {
    update.present(name(name));
    return this;
  }

  /** Name is not in use (2.4.5): the name owns no records, else YXDOMAIN. */
  public UpdateBuilder requireNameNotInUse(String name) {
    update.absent(name(name));
    return this;
  }

  /** RRset exists, value-independent (2.4.1): the name has records of the type, else NXRRSET. */
  public UpdateBuilder requireRRsetExists(String name, int type) {
    update.present(name(name), type);
    return this;
  }

  /**
   * RRset exists, value-dependent (2.4.2): the name's records of the type are exactly these
   * (each {@code rdata} one record, in presentation format), else NXRRSET.
   */
  public UpdateBuilder requireRRset(String name, int type, String... rdata) {
    if (rdata.length == 0) {
      throw new IllegalArgumentException("a value-dependent prerequisite needs at least one record");
    }
    for (String one : rdata) {
      update.present(record(name, type, 0, one));
    }
    return this;
  }

  /** RRset exists, value-dependent (2.4.2), with records already made; their TTLs do not matter. */
  public UpdateBuilder requireRRset(Record... records) {
    for (Record r : records) {
      // Section 2.4.2: a prerequisite's TTL is zero; dnsjava's present(Record) keeps the record's.
      update.present(Record.newRecord(r.getName(), r.getType(), r.getDClass(), 0, r.rdataToWireCanonical()));
    }
    return this;
  }

  /** RRset does not exist (2.4.3): the name has no records of the type, else YXRRSET. */
  public UpdateBuilder requireRRsetNotExists(String name, int type) {
    update.absent(name(name), type);
    return this;
  }

  // ---- changes (RFC 2136 section 2.5)

  /** Add one record, its data in presentation format: {@code add("www", 300, Type.A, "192.0.2.1")}. */
  public UpdateBuilder add(String name, long ttl, int type, String rdata) {
    update.add(record(name, type, ttl, rdata));
    return this;
  }

  /** Add records already made. */
  public UpdateBuilder add(Record... records) {
    update.add(records);
    return this;
  }

  /** Delete one record (2.5.4), its data in presentation format. */
  public UpdateBuilder delete(String name, int type, String rdata) {
    update.delete(record(name, type, 0, rdata));
    return this;
  }

  /** Delete records already made (2.5.4), each by its name, type and data. */
  public UpdateBuilder delete(Record... records) {
    update.delete(records);
    return this;
  }

  /** Delete the name's records of one type (2.5.2). */
  public UpdateBuilder deleteRRset(String name, int type) {
    update.delete(name(name), type);
    return this;
  }

  /** Delete every record of the name (2.5.3); the zone's apex keeps its SOA and NS. */
  public UpdateBuilder deleteName(String name) {
    update.delete(name(name));
    return this;
  }

  // ---- how it is sent

  /** Sign the update with this key and require the reply to be signed with it. */
  public UpdateBuilder key(TsigKey key) {
    this.key = key;
    return this;
  }

  /** Sign with a key written {@code [ALG:]NAME:SECRET}, as {@code nsupdate -y} takes it. */
  public UpdateBuilder key(String spec) {
    return key(TsigKey.parse(spec));
  }

  /** Send over TCP from the start (else UDP, and TCP when the reply is truncated). */
  public UpdateBuilder tcp(boolean tcp) {
    this.tcp = tcp;
    return this;
  }

  /** Send from this local address and port (port 0: any), as nsupdate's {@code local}. */
  public UpdateBuilder localAddress(InetSocketAddress local) {
    this.local = local;
    return this;
  }

  /** The update message as it stands, unsigned (a copy: changing it changes nothing here). */
  public Message message() {
    return update.clone();
  }

  /**
   * Sends the update and returns the server's verdict: {@link UpdateResult#status()} says whether
   * it was made and, if not, which prerequisite or permission failed.
   *
   * @throws DnsLookupException when no server replied, or a signed update's reply did not verify
   */
  public UpdateResult send() throws DnsLookupException {
    Record question = Record.newRecord(zone, Type.SOA, DClass.IN);
    DnsLookupException failure = null;
    for (InetSocketAddress server : servers) {
      String serverName = server.getAddress().getHostAddress() + "#" + server.getPort();
      Message reply;
      try {
        reply = sendTo(server);
      } catch (IOException e) {
        String why = isTimeout(e) ? "timed out after " + tries + " tries of " + timeout.toMillis() + " ms: no reply"
            : "no usable reply (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
        failure = new DnsLookupException("update of " + zone + ": " + why + " from " + serverName,
            question, serverName, null, e);
        continue;
      }
      UpdateResult result = UpdateResult.of(serverName, reply);
      if (key != null && result.tsigError() == 0 && !reply.isVerified()) {
        throw new DnsLookupException("update of " + zone + ": the reply from " + serverName
            + (reply.getTSIG() == null ? " is not signed" : "'s TSIG does not verify with key " + key.name())
            + " (it said " + result.describe() + ")", question, serverName, reply, null);
      }
      return result;
    }
    throw failure;
  }

  /** {@link #send} as a future, completed on a virtual thread. */
  public CompletableFuture<UpdateResult> sendAsync() {
    CompletableFuture<UpdateResult> f = new CompletableFuture<>();
    Thread.ofVirtual().name("loomdns-update").start(() -> {
      try {
        f.complete(send());
      } catch (Throwable e) {
        // Anything at all: a future that never completes would hang its caller.
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  private Message sendTo(InetSocketAddress server) throws IOException {
    SimpleResolver r = new SimpleResolver(server);
    r.setTimeout(timeout);
    r.setTCP(tcp);
    if (local != null) {
      r.setLocalAddress(local);
    }
    if (key != null) {
      r.setTSIGKey(key.tsig());
    }
    IOException last = null;
    for (int t = 0; t < tries; t++) {
      try {
        // A fresh copy each try: signing writes the TSIG into the message sent.
        return r.send(update.clone());
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

  private Name name(String text) {
    try {
      return Name.fromString(text, zone);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + text + " (" + e.getMessage() + ")");
    }
  }

  private Record record(String owner, int type, long ttl, String rdata) {
    try {
      return Record.fromString(name(owner), type, DClass.IN, ttl, rdata, zone);
    } catch (IOException e) {
      throw new IllegalArgumentException("bad " + Type.string(type) + " data for " + owner + ": " + rdata
          + " (" + e.getMessage() + ")");
    }
  }
}
