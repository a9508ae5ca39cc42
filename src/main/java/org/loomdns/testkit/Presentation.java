package org.loomdns.testkit;

import java.util.Arrays;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Records as dig prints them: one line, fields one space apart, IPv6 addresses in their short form
 * ({@code 2001:db8::80}, RFC 5952), where dnsjava writes all eight groups.
 */
final class Presentation {

  private Presentation() {}

  static String rdata(Record r) {
    return r instanceof AAAARecord a ? ipv6(a.getAddress().getAddress()) : r.rdataToString();
  }

  static String line(Record r) {
    return String.join(" ", r.getName().toString(), Long.toString(r.getTTL()),
        org.xbill.DNS.DClass.string(r.getDClass()), Type.string(r.getType()), rdata(r)).replaceAll("\\s+", " ");
  }

  /** The longest run of two or more zero groups becomes "::" (the first such run on a tie); hex in lower case. */
  static String ipv6(byte[] b) {
    if (b.length != 16) {
      return java.net.InetAddress.getLoopbackAddress().getHostAddress();
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int best = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        best = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    String[] hex = Arrays.stream(g).mapToObj(Integer::toHexString).toArray(String[]::new);
    if (best < 0) {
      return String.join(":", hex);
    }
    return String.join(":", Arrays.copyOfRange(hex, 0, best)) + "::" + String.join(":", Arrays.copyOfRange(hex, best + bestLen, 8));
  }
}
