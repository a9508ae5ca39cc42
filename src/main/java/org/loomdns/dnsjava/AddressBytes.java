package org.loomdns.dnsjava;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;

/**
 * The address an A or AAAA record holds, read without making anything. dnsjava's getters build an
 * {@code InetAddress} (an A record's with its owner's name as a string), and its rdata's wire form
 * is a buffer and a copy: comparing two versions of a zone of a million addresses, or writing it
 * as text, did that a million times or more. The fields are private; without them, the wire form.
 */
public final class AddressBytes {

  /** Null when this dnsjava lacks the field; the public way serves then. */
  private static final VarHandle IPV4 = field(ARecord.class, "addr", int.class);
  private static final VarHandle IPV6 = field(AAAARecord.class, "address", byte[].class);

  private AddressBytes() {}

  /** Whether both fields were found; false means every address is read the slower public way. */
  public static boolean fast() {
    return IPV4 != null && IPV6 != null;
  }

  /** {@code r}'s address, its first octet in the high byte. */
  public static int ipv4(ARecord r) {
    if (IPV4 != null) {
      try {
        return (int) IPV4.get(r);
      } catch (RuntimeException e) {
        return ipv4Publicly(r);
      }
    }
    return ipv4Publicly(r);
  }

  /** {@code r}'s 16 octets: dnsjava's own array when it can be read, so never to be written to. */
  public static byte[] ipv6(AAAARecord r) {
    if (IPV6 != null) {
      try {
        byte[] own = (byte[]) IPV6.get(r);
        return own.length == 16 ? own : ipv6Publicly(r);
      } catch (RuntimeException e) {
        return ipv6Publicly(r);
      }
    }
    return ipv6Publicly(r);
  }

  static int ipv4Publicly(ARecord r) {
    byte[] b = r.rdataToWireCanonical();
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
  }

  static byte[] ipv6Publicly(AAAARecord r) {
    return r.rdataToWireCanonical();
  }

  private static VarHandle field(Class<?> type, String name, Class<?> fieldType) {
    try {
      return MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findVarHandle(type, name, fieldType);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
