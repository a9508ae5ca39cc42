package org.loomdns.net;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/**
 * A record's length on the wire without compression, which is at least what it takes in a
 * compressed message. Worked out from the record's fields for the types that fill big zones, so
 * that a transfer, out or in, measures a million records without encoding each one more time;
 * other types are encoded.
 */
public final class WireLength {

  /** Type, class, TTL and rdata length. */
  private static final int FIXED = 10;

  private WireLength() {
  }

  public static int of(Record r) {
    int rdata = switch (r) {
      case ARecord a -> 4;
      case AAAARecord a -> 16;
      case NSRecord ns -> ns.getTarget().length();
      case CNAMERecord cname -> cname.getTarget().length();
      case PTRRecord ptr -> ptr.getTarget().length();
      case DNAMERecord dname -> dname.getTarget().length();
      case MXRecord mx -> 2 + mx.getTarget().length();
      case SOARecord soa -> soa.getHost().length() + soa.getAdmin().length() + 20;
      case TXTRecord txt -> strings(txt);
      default -> -1;
    };
    return rdata < 0 ? r.toWire(Section.ANSWER).length : r.getName().length() + FIXED + rdata;
  }

  private static int strings(TXTRecord txt) {
    int length = 0;
    for (byte[] s : txt.getStringsAsByteArrays()) {
      length += 1 + s.length;
    }
    return length;
  }
}
