package org.loomdns.net;

/**
 * Reading DNS messages' wire bytes without parsing them, for the paths that look at a field or
 * two of every query or reply (the packet cache, rate limiting). Every read is bounds-checked.
 */
public final class DnsWire {

  private DnsWire() {}

  /** Where the name at {@code at} ends (after its root label or pointer), or -1 when it runs past the end. */
  public static int skipName(byte[] wire, int at) {
    while (at >= 0 && at < wire.length) {
      int label = wire[at] & 0xFF;
      if (label == 0) {
        return at + 1;
      }
      if (label >= 0xC0) {
        return at + 2 <= wire.length ? at + 2 : -1;
      }
      at += label + 1;
    }
    return -1;
  }

  /** The 16-bit number at {@code at}, network byte order. */
  public static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }
}
