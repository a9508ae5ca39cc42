package org.loomdns.ratelimit;

import static org.loomdns.net.DnsWire.skipName;
import static org.loomdns.net.DnsWire.u16;

import java.net.InetAddress;

/**
 * What the limiter reads off a reply's wire bytes (always one of the server's own replies, though
 * every read is bounds-checked): its identity, the client network it goes to, and its slip.
 */
final class Replies {

  private static final int HEADER = 12;
  private static final int TYPE_NS = 2;
  private static final int TYPE_SOA = 6;
  private static final int TYPE_OPT = 41;
  private static final int NOERROR = 0;
  private static final int NXDOMAIN = 3;
  /** Enough for any name of 255 bytes; a longer walk is a loop of pointers. */
  private static final int MAX_HOPS = 128;

  // The kinds of identity, so that an NXDOMAIN for a zone and an answer for its apex differ.
  private static final int ANSWER = 1;
  private static final int NODATA = 2;
  private static final int REFERRAL = 3;
  private static final int NO_SUCH_NAME = 4;
  private static final int ERROR = 5;

  private Replies() {}

  /**
   * The reply's identity, as BIND and Knot define it: the question's name and type for an answer
   * and for NODATA; the zone (the SOA owner of the authority section) for NXDOMAIN, so that random
   * names under one zone share it; the delegation point for a referral; one for every error.
   * Names are read in lower case. {@code seed} keys the hash, so that clients cannot aim at a set.
   */
  static long identity(byte[] reply, long seed) {
    if (reply.length < HEADER || u16(reply, 4) != 1 || isError(reply)) {
      return mix(seed ^ ERROR);
    }
    int rcode = reply[3] & 0x0F;
    int afterName = skipName(reply, HEADER);
    if (afterName < 0 || afterName + 4 > reply.length) {
      return mix(seed ^ ERROR);
    }
    int qtype = u16(reply, afterName);
    boolean truncated = (reply[2] & 0x02) != 0;
    if (rcode == NOERROR && (u16(reply, 6) > 0 || truncated)) {
      return named(seed, ANSWER, reply, HEADER, qtype);
    }
    boolean authoritative = (reply[2] & 0x04) != 0;
    int wanted = rcode == NXDOMAIN ? TYPE_SOA : authoritative ? -1 : TYPE_NS;
    int owner = wanted < 0 ? -1 : authorityOwner(reply, afterName + 4, wanted);
    if (rcode == NXDOMAIN) {
      // Without a SOA every NXDOMAIN to the network shares the root's bucket.
      return owner < 0 ? mix(seed ^ NO_SUCH_NAME) : named(seed, NO_SUCH_NAME, reply, owner, 0);
    }
    return owner < 0 ? named(seed, NODATA, reply, HEADER, qtype) : named(seed, REFERRAL, reply, owner, 0);
  }

  /** Anything but NOERROR and NXDOMAIN: such replies are counted per client network alone. */
  static boolean isError(byte[] reply) {
    int rcode = reply.length < HEADER ? -1 : reply[3] & 0x0F;
    return rcode != NOERROR && rcode != NXDOMAIN;
  }

  /** The client's network, /24 for IPv4 (an IPv4-mapped IPv6 address counts as IPv4), /56 for IPv6. */
  static long network(InetAddress address) {
    byte[] a = address.getAddress();
    int v4 = a.length == 4 ? 0 : mappedV4(a) ? 12 : -1;
    if (v4 >= 0) {
      return 4L << 56 | (a[v4] & 0xFFL) << 16 | (a[v4 + 1] & 0xFFL) << 8 | (a[v4 + 2] & 0xFFL);
    }
    long n = 6;
    for (int i = 0; i < 7; i++) {
      n = n << 8 | (a[i] & 0xFFL);
    }
    return n;
  }

  private static boolean mappedV4(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
  }

  /**
   * The reply cut to its header, question and OPT, with TC set and no records: the client learns
   * nothing from it but to ask again over TCP. Null when the reply has no question to keep.
   */
  static byte[] slip(byte[] reply) {
    if (reply.length < HEADER || u16(reply, 4) != 1) {
      return null;
    }
    int questionEnd = skipName(reply, HEADER) + 4;
    if (questionEnd < HEADER + 5 || questionEnd > reply.length) {
      return null;
    }
    int opt = optRecord(reply, questionEnd);
    int optLength = opt < 0 ? 0 : 11 + u16(reply, opt + 9);
    byte[] out = new byte[questionEnd + optLength];
    System.arraycopy(reply, 0, out, 0, questionEnd);
    if (opt >= 0) {
      System.arraycopy(reply, opt, out, questionEnd, optLength);
    }
    out[2] |= 0x02;
    out[6] = out[7] = out[8] = out[9] = out[10] = 0;
    out[11] = (byte) (opt < 0 ? 0 : 1);
    return out;
  }

  /** Where the OPT record starts, or -1 when there is none or the records do not read. */
  private static int optRecord(byte[] reply, int at) {
    int records = u16(reply, 6) + u16(reply, 8) + u16(reply, 10);
    for (int i = 0; i < records; i++) {
      int start = at;
      at = skipName(reply, at);
      if (at < 0 || at + 10 > reply.length) {
        return -1;
      }
      if (u16(reply, at) == TYPE_OPT) {
        return start + 11 + u16(reply, at + 8) <= reply.length && at == start + 1 ? start : -1;
      }
      at += 10 + u16(reply, at + 8);
    }
    return -1;
  }

  /** Where the owner of the first authority record of {@code type} is, or -1. */
  private static int authorityOwner(byte[] reply, int at, int type) {
    int answers = u16(reply, 6);
    int authority = u16(reply, 8);
    for (int i = 0; i < answers + authority; i++) {
      int owner = at;
      at = skipName(reply, at);
      if (at < 0 || at + 10 > reply.length) {
        return -1;
      }
      if (i >= answers && u16(reply, at) == type) {
        return owner;
      }
      at += 10 + u16(reply, at + 8);
    }
    return -1;
  }

  /** The hash of a kind, the name at {@code at} in lower case (pointers followed) and a type. */
  private static long named(long seed, int kind, byte[] wire, int at, int type) {
    long h = seed ^ kind;
    for (int hops = 0; hops < MAX_HOPS && at >= 0 && at < wire.length; hops++) {
      int label = wire[at] & 0xFF;
      if (label == 0) {
        break;
      }
      if (label >= 0xC0) {
        at = at + 1 < wire.length ? (label & 0x3F) << 8 | (wire[at + 1] & 0xFF) : -1;
        continue;
      }
      int end = Math.min(at + 1 + label, wire.length);
      for (int i = at; i < end; i++) {
        byte b = wire[i];
        h = (h ^ (b >= 'A' && b <= 'Z' ? b + 32 : b & 0xFF)) * 0x100000001B3L;
      }
      at = end;
    }
    return mix(h ^ (long) type << 40);
  }

  /** A finalizer that spreads every input bit over the whole word (MurmurHash3's fmix64). */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }
}
