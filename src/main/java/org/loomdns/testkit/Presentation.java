package org.loomdns.testkit;

import org.loomdns.net.Addresses;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Records as dig prints them: one line, fields one space apart, IPv6 addresses in their short form
 * ({@code 2001:db8::80}, RFC 5952), where dnsjava writes all eight groups.
 */
final class Presentation {

  private Presentation() {}

  static String rdata(Record r) {
    return r instanceof AAAARecord a ? Addresses.text(a.getAddress()) : r.rdataToString();
  }

  static String line(Record r) {
    return String.join(" ", r.getName().toString(), Long.toString(r.getTTL()),
        DClass.string(r.getDClass()), Type.string(r.getType()), rdata(r)).replaceAll("\\s+", " ");
  }
}
