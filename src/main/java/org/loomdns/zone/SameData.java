package org.loomdns.zone;

import java.util.Arrays;
import java.util.List;
import org.loomdns.dnsjava.AddressBytes;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/**
 * Whether two records hold the same data, as {@link Record#equals} decides it (owner, type,
 * class and canonical rdata; names compare without case, text with it) but without encoding
 * both to wire form, which a diff or build of a million records would do two million times.
 * The common types compare their fields (names without case, as canonical form lowers them,
 * RFC 4034 section 6.2); the others go to dnsjava.
 */
final class SameData {

  private SameData() {}

  /** Same owner, type, class and data; the TTL aside. */
  static boolean data(Record a, Record b) {
    if (a == b) {
      return true;
    }
    return a.getName().equals(b.getName()) && sameRdata(a, b);
  }

  /** Same type, class and data: {@link #data} for two records known to have one owner. */
  private static boolean sameRdata(Record a, Record b) {
    if (a.getType() != b.getType() || a.getDClass() != b.getDClass()) {
      return false;
    }
    return switch (a) {
      case NSRecord x when b instanceof NSRecord y -> x.getTarget().equals(y.getTarget());
      case CNAMERecord x when b instanceof CNAMERecord y -> x.getTarget().equals(y.getTarget());
      case DNAMERecord x when b instanceof DNAMERecord y -> x.getTarget().equals(y.getTarget());
      case PTRRecord x when b instanceof PTRRecord y -> x.getTarget().equals(y.getTarget());
      case MXRecord x when b instanceof MXRecord y ->
          x.getPriority() == y.getPriority() && x.getTarget().equals(y.getTarget());
      case TXTRecord x when b instanceof TXTRecord y ->
          sameStrings(x.getStringsAsByteArrays(), y.getStringsAsByteArrays());
      case ARecord x when b instanceof ARecord y -> AddressBytes.ipv4(x) == AddressBytes.ipv4(y);
      case AAAARecord x when b instanceof AAAARecord y -> Arrays.equals(AddressBytes.ipv6(x), AddressBytes.ipv6(y));
      default -> a.equals(b);
    };
  }

  /** Same data and TTL: the same record to an IXFR (RFC 1995). */
  static boolean record(Record a, Record b) {
    return a.getTTL() == b.getTTL() && data(a, b);
  }

  /**
   * Whether {@code in}, records of {@code r}'s owner (one set, or one name's), holds a record with
   * {@code r}'s data, whatever its TTL. The owner is not compared again: a diff or build of a
   * million names would compare each twice.
   */
  static boolean containsData(List<Record> in, Record r) {
    return indexOf(in, r, false) >= 0;
  }

  /** Whether {@code in}, records of {@code r}'s owner, holds {@code r}: its data and its TTL. */
  static boolean containsRecord(List<Record> in, Record r) {
    return indexOf(in, r, true) >= 0;
  }

  /** Where {@code in}, records of {@code r}'s owner, holds {@code r}'s data (and TTL, if {@code ttl}), or -1. */
  static int indexOf(List<Record> in, Record r, boolean ttl) {
    for (int i = 0; i < in.size(); i++) {
      Record x = in.get(i);
      if ((!ttl || x.getTTL() == r.getTTL()) && (x == r || sameRdata(x, r))) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code x} is {@code r} to an IXFR (same data and TTL), both of one owner. */
  static boolean sameRecord(Record x, Record r) {
    return x.getTTL() == r.getTTL() && (x == r || sameRdata(x, r));
  }

  private static boolean sameStrings(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
