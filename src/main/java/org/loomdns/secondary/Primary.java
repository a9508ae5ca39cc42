package org.loomdns.secondary;

import java.net.InetSocketAddress;
import org.loomdns.tsig.TsigKey;
import org.xbill.DNS.TSIG;

/** One primary of a secondary zone: where to ask, and the key to sign with (null: unsigned). */
public record Primary(InetSocketAddress address, TsigKey key) {

  /** dnsjava's signer, or null. */
  TSIG tsig() {
    return key == null ? null : key.tsig();
  }

  @Override
  public String toString() {
    String host = address.getAddress().getHostAddress();
    String at = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    return key == null ? at : at + " key " + key.name();
  }
}
