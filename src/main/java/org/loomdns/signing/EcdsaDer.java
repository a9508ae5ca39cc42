package org.loomdns.signing;

/** ECDSA signatures from DER, as libcrypto gives them, to the fixed-size form DNSSEC uses. */
final class EcdsaDer {

  private EcdsaDer() {}

  /**
   * The r|s of RFC 6605 from a DER ECDSA-Sig-Value (a SEQUENCE of two INTEGERs), each integer
   * without its sign byte and padded to {@code half} bytes.
   */
  static byte[] raw(byte[] der, int half) {
    if (der.length < 8 || der[0] != 0x30) {
      throw new IllegalStateException("not a DER ECDSA signature");
    }
    byte[] out = new byte[2 * half];
    int at = der[1] == (byte) 0x81 ? 3 : 2; // past the SEQUENCE's tag and length
    for (int i = 0; i < 2; i++) {
      if (der[at] != 0x02) {
        throw new IllegalStateException("not a DER ECDSA signature");
      }
      int length = der[at + 1];
      int from = at + 2;
      int skip = 0;
      while (length - skip > half && der[from + skip] == 0) {
        skip++;
      }
      if (length - skip > half) {
        throw new IllegalStateException("an ECDSA integer too long for the curve");
      }
      System.arraycopy(der, from + skip, out, (i + 1) * half - (length - skip), length - skip);
      at = from + length;
    }
    return out;
  }
}
