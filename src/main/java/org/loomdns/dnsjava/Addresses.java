package org.loomdns.dnsjava;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;

/**
 * Whether two A or two AAAA records hold the same address. dnsjava's public ways to an address
 * make an {@code InetAddress} (with the owner as its host name) or a wire form, two arrays a
 * record; comparing the versions of a million-record zone made 0.2 GB of garbage that way. The
 * fields themselves are read while this dnsjava has them.
 */
public final class Addresses {

  /** Null when this dnsjava lacks the field; the wire forms are compared then. */
  private static final VarHandle V4 = field(ARecord.class, "addr", int.class);
  private static final VarHandle V6 = field(AAAARecord.class, "address", byte[].class);

  private Addresses() {}

  /** Whether the fields are read; false means every comparison takes the slower public way. */
  public static boolean fast() {
    return V4 != null && V6 != null;
  }

  /** Whether {@code a} and {@code b}, both A or both AAAA records, hold the same address. */
  public static boolean same(Record a, Record b) {
    if (a instanceof ARecord x && b instanceof ARecord y && V4 != null) {
      return (int) V4.get(x) == (int) V4.get(y);
    }
    if (a instanceof AAAARecord x && b instanceof AAAARecord y && V6 != null) {
      return Arrays.equals((byte[]) V6.get(x), (byte[]) V6.get(y));
    }
    return samePublicly(a, b);
  }

  /** The same comparison through public API alone: the wire forms. */
  static boolean samePublicly(Record a, Record b) {
    return Arrays.equals(a.rdataToWireCanonical(), b.rdataToWireCanonical());
  }

  private static VarHandle field(Class<?> owner, String name, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
