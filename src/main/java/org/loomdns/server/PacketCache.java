package org.loomdns.server;

import static org.loomdns.net.DnsWire.skipName;
import static org.loomdns.net.DnsWire.u16;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.loomdns.chain.Reuse;
import org.loomdns.chain.Transport;

/**
 * Encoded replies kept for questions whose answer a stage made from the question alone (see
 * {@link org.loomdns.chain.ReusableAnswers}): the zones' answers until a reload, the cache's
 * while its entry lasts and only for the clients it serves. A repeat of the question is answered
 * by copying the reply and writing into it the query's ID, RD and CD bits, the question's letter
 * case and, for the cache's answers, every TTL counted down by the seconds since the reply was
 * made; nothing is parsed, asked of the chain or encoded. PowerDNS calls this a packet cache.
 *
 * <p>Only plain queries are looked up here: opcode QUERY, one question of class IN whose name has
 * no compression pointer, nothing in the answer and authority sections, and at most an OPT of
 * EDNS version 0 carrying no option but a cookie. Anything else, including everything malformed,
 * takes the full path, which then decides as it always does. The transport, the reply's size limit
 * (EDNS payload size) and the DO and CD bits are part of the key (as they are of the
 * {@link org.loomdns.chain.Question} a stage answers), so a truncated reply is only ever reused
 * for a query allowed the same size, and a minimal answer to ANY over UDP never goes out over TCP.
 */
final class PacketCache {

  private static final int HEADER = 12;
  private static final int TYPE_OPT = 41;
  private static final int CLASS_IN = 1;
  private static final int OPTION_COOKIE = 10;
  private static final int RD = 0x01; // in header byte 2
  private static final int CD = 0x10; // in header byte 3

  /** The places one question's reply may be kept in: its set. */
  private static final int WAYS = 8;
  /**
   * Heap a reply may take on average over all places: the bound on the bytes kept is this times
   * the entries. Most replies are a few hundred bytes; a cache filled with replies of 32 KB over
   * TCP (a wildcard's large RRset asked under ever new names) would otherwise hold entries × 32 KB.
   */
  static final int BYTES_PER_ENTRY = 512;
  /** Heap of an entry beyond its data and TTL offsets: the entry and the headers of its arrays. */
  private static final int ENTRY_OVERHEAD = 64;
  private static final VarHandle PLACE = MethodHandles.arrayElementVarHandle(Entry[].class);

  /**
   * The replies, {@link #ways} places per set, a set chosen by the key's hash. Read and written by
   * every query's thread without a lock: a place holds an immutable {@link Entry} or null, a
   * reference is read or written whole, and a write lost to a racing one costs one answer from the
   * full path. A lookup reads the set's hashes and one entry. A map with an eviction policy on
   * top (Caffeine, W-TinyLFU) walked about five objects per lookup and kept a frequency sketch
   * up to date, which cost measurable CPU per query (docs/benchmark.md). Random replacement keeps less of a skewed load than W-TinyLFU when the
   * cache is too small for it, but a reply dropped here costs one full-path answer, not an
   * upstream's round trip.
   */
  private final Entry[] places;
  /**
   * The hash of each place's entry, so that a lookup reads the set's hashes from one cache line
   * and only the entry whose hash is the key's. Written before the place, but a reader may see
   * either without the other; {@link Key#matches} checks the entry itself.
   */
  private final int[] hashes;
  private final int ways;
  private final int sets;
  private final int maxUdpPayload;
  /** The bytes the kept replies take, at most {@link #budget} give or take the replies being kept at this moment. */
  private final AtomicLong held = new AtomicLong();
  private final long budget;

  /**
   * Holds at most {@code entries} replies and {@code entries} × {@link #BYTES_PER_ENTRY} bytes of
   * them; a reply whose set is full takes the place of one of the set's, chosen at random, and a
   * reply that would pass the byte bound is not kept. {@code maxUdpPayload} is the server's, for the size limit of each reply.
   */
  PacketCache(int entries, int maxUdpPayload) {
    if (entries < 1) {
      throw new IllegalArgumentException("a packet cache holds at least one reply");
    }
    this.maxUdpPayload = maxUdpPayload;
    this.ways = Math.min(WAYS, entries);
    this.sets = entries / ways;
    this.places = new Entry[sets * ways];
    this.hashes = new int[sets * ways];
    this.budget = (long) entries * BYTES_PER_ENTRY;
  }

  /** The key of {@code query}'s question, or null when the query is not a plain one. */
  Key key(byte[] query, Transport transport) {
    return Key.of(query, transport, maxUdpPayload);
  }

  /**
   * The reply to {@code query}, whose key is {@code key}, when one is kept and may go to
   * {@code client} now, else null; the full path then answers, and its reply takes this one's place.
   */
  byte[] reply(Key key, byte[] query, InetSocketAddress client) {
    Entry entry = find(key);
    if (entry == null) {
      return null;
    }
    long age = entry.reuse.age(client);
    if (age < 0) {
      return null;
    }
    byte[] reply = Arrays.copyOfRange(entry.data, entry.keyLength, entry.data.length);
    reply[0] = query[0];
    reply[1] = query[1];
    reply[2] = (byte) ((reply[2] & ~RD) | (query[2] & RD));
    reply[3] = (byte) ((reply[3] & ~CD) | (query[3] & CD));
    // The question is the reply's first name, at the same place and of the same length as in the
    // query; names further on that point into it then read in the query's case too.
    System.arraycopy(query, HEADER, reply, HEADER, key.nameLength);
    if (age > 0) {
      for (int at : entry.ttls) { // offsets in the reply, not in entry.data
        long ttl = ((long) u16(reply, at) << 16 | u16(reply, at + 2)) - age;
        writeTtl(reply, at, Math.max(0, ttl));
      }
    }
    return reply;
  }

  /** Keeps {@code reply}, the full path's answer to the question of {@code key}, as {@code reuse} allows. */
  void remember(Key key, byte[] reply, Reuse reuse) {
    int[] ttls = ttlOffsets(reply);
    if (ttls == null) {
      return;
    }
    Entry fresh = new Entry(key, reply, ttls, reuse);
    int first = firstPlace(key);
    int place = first + ThreadLocalRandom.current().nextInt(ways);
    for (int at = first; at < first + ways; at++) {
      Entry kept = places[at];
      if (kept == null || (hashes[at] == key.hash && key.matches(kept))) {
        place = at;
        break;
      }
    }
    Entry before = places[place];
    if (held.get() + fresh.size() - (before == null ? 0 : before.size()) > budget) {
      return; // full: this reply takes the full path next time too, which costs no more than now
    }
    hashes[place] = key.hash;
    // The entry swapped out, exactly, so the count of bytes held never drifts under racing writers.
    Entry replaced = (Entry) PLACE.getAndSet(places, place, fresh);
    held.addAndGet(fresh.size() - (replaced == null ? 0 : replaced.size()));
  }

  /** Bytes the kept replies take now. */
  long held() {
    return held.get();
  }

  /** The most bytes the kept replies may take. */
  long budget() {
    return budget;
  }

  private Entry find(Key key) {
    int first = firstPlace(key);
    for (int at = first; at < first + ways; at++) {
      if (hashes[at] == key.hash) {
        Entry kept = places[at];
        if (kept != null && key.matches(kept)) {
          return kept;
        }
      }
    }
    return null;
  }

  /** The first place of the key's set; the hash is mixed, then scaled to the sets without a division. */
  private int firstPlace(Key key) {
    long mixed = (key.hash * 0x9E3779B9) & 0xFFFF_FFFFL;
    return (int) ((mixed * sets) >>> 32) * ways;
  }

  /**
   * One kept reply. {@code data} is the key's bytes followed by the reply's, so that comparing
   * the key and copying the reply touch one array; {@code ttls} are where in the reply (not in
   * {@code data}) each record's TTL is, the OPT's flags left out.
   */
  private static final class Entry {
    final int keyLength;
    final byte[] data;
    final int[] ttls;
    final Reuse reuse;

    Entry(Key key, byte[] reply, int[] ttls, Reuse reuse) {
      this.keyLength = key.bytes.length;
      this.data = Arrays.copyOf(key.bytes, keyLength + reply.length);
      System.arraycopy(reply, 0, data, keyLength, reply.length);
      this.ttls = ttls;
      this.reuse = reuse;
    }

    long size() {
      return ENTRY_OVERHEAD + data.length + 4L * ttls.length;
    }
  }

  /**
   * Where the TTL of each record of {@code wire} (one of our own replies) is, OPT left out; null
   * when the reply does not read as a whole message.
   */
  static int[] ttlOffsets(byte[] wire) {
    if (wire.length < HEADER) {
      return null;
    }
    int questions = u16(wire, 4);
    int records = u16(wire, 6) + u16(wire, 8) + u16(wire, 10);
    int[] ttls = new int[records];
    int found = 0;
    int at = HEADER;
    for (int i = 0; i < questions && at >= 0; i++) {
      at = skipName(wire, at);
      at = at < 0 ? -1 : at + 4;
    }
    for (int i = 0; i < records; i++) {
      at = skipName(wire, at);
      if (at < 0 || at + 10 > wire.length) {
        return null;
      }
      if (u16(wire, at) != TYPE_OPT) {
        ttls[found++] = at + 4;
      }
      at += 10 + u16(wire, at + 8);
    }
    return at == wire.length ? Arrays.copyOf(ttls, found) : null;
  }

  private static void writeTtl(byte[] wire, int at, long ttl) {
    wire[at] = (byte) (ttl >>> 24);
    wire[at + 1] = (byte) (ttl >>> 16);
    wire[at + 2] = (byte) (ttl >>> 8);
    wire[at + 3] = (byte) ttl;
  }

  /**
   * The question in lower case, its type, the transport, the DO and CD bits and the size limit, as bytes.
   * Null when the query is not a plain one (see the class comment).
   */
  static final class Key {
    private final byte[] bytes;
    private final int hash;
    private final int nameLength;

    private Key(byte[] bytes, int nameLength) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
      this.nameLength = nameLength;
    }

    static Key of(byte[] q, Transport transport, int maxUdpPayload) {
      if (q.length < HEADER + 5
          || (q[2] & 0xFA) != 0 // QR, opcode and TC clear (AA is meaningless in a query, RD kept)
          || u16(q, 4) != 1 || u16(q, 6) != 0 || u16(q, 8) != 0 || u16(q, 10) > 1) {
        return null;
      }
      int at = HEADER;
      while (at < q.length && q[at] != 0) {
        int label = q[at] & 0xFF;
        if (label > 63) {
          return null; // a compression pointer or an extended label type
        }
        at += label + 1;
      }
      int nameLength = at + 1 - HEADER;
      if (nameLength > 255 || at + 5 > q.length || u16(q, at + 3) != CLASS_IN) {
        return null;
      }
      int type = u16(q, at + 1);
      at += 5;
      int opt = 0; // 0: no OPT; 1: OPT without DO; 2: OPT with DO
      int payload = 0;
      if (u16(q, 10) == 1) {
        if (at + 11 > q.length || q[at] != 0 || u16(q, at + 1) != TYPE_OPT
            || q[at + 5] != 0 || q[at + 6] != 0 // extended rcode and version 0
            || !onlyCookies(q, at + 11, u16(q, at + 9))) {
          return null;
        }
        opt = (q[at + 7] & 0x80) != 0 ? 2 : 1;
        payload = u16(q, at + 3);
        at += 11 + u16(q, at + 9);
      }
      if (at != q.length) {
        return null;
      }
      int sizeLimit = QueryProcessor.sizeLimit(transport, opt != 0, payload, maxUdpPayload);
      byte[] bytes = new byte[nameLength + 5];
      for (int i = 0; i < nameLength; i++) {
        byte b = q[HEADER + i];
        bytes[i] = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
      }
      bytes[nameLength] = (byte) (type >>> 8);
      bytes[nameLength + 1] = (byte) type;
      bytes[nameLength + 2] = (byte) ((transport == Transport.TCP ? opt | 4 : opt) | ((q[3] & CD) != 0 ? 8 : 0));
      bytes[nameLength + 3] = (byte) (sizeLimit >>> 8);
      bytes[nameLength + 4] = (byte) sizeLimit;
      return new Key(bytes, nameLength);
    }

    /**
     * True when the OPT's options are well-formed cookies (RFC 7873 section 4: a client cookie of
     * 8 bytes, with or without a server cookie of 8 to 32), or there are none. Other options may
     * be malformed in ways only the full parse finds, and must get its FORMERR.
     */
    private static boolean onlyCookies(byte[] q, int from, int length) {
      int end = from + length;
      if (end > q.length) {
        return false;
      }
      for (int at = from; at < end; ) {
        if (at + 4 > end) {
          return false;
        }
        int size = u16(q, at + 2);
        if (u16(q, at) != OPTION_COOKIE || (size != 8 && (size < 16 || size > 40)) || at + 4 + size > end) {
          return false;
        }
        at += 4 + size;
      }
      return true;
    }

    boolean matches(Entry kept) {
      return kept.keyLength == bytes.length && Arrays.equals(bytes, 0, bytes.length, kept.data, 0, bytes.length);
    }
  }
}
