package org.loomdns.notify;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.loomdns.net.Addresses;
import org.loomdns.net.HostPort;
import org.loomdns.tsig.TsigKey;
import org.loomdns.tsig.TsigKeys;

/** Where one NOTIFY goes, and the key it is signed with ({@code null}: unsigned). */
public record NotifyTarget(InetSocketAddress address, TsigKey key) {

  static final int DNS_PORT = 53;
  private static final String KEY = "/key:";

  /**
   * A {@code --notify}: {@code ADDRESS[:PORT][/key:NAME]}, an IPv6 address in brackets when it
   * has a port ({@code [2001:db8::1]:5300}); NAME is a {@code --tsig-key}. Literal addresses only:
   * a name would be looked up again at every change.
   */
  public static NotifyTarget parse(String text, TsigKeys keys) {
    String t = text.strip();
    TsigKey key = null;
    int k = t.indexOf(KEY);
    if (k >= 0) {
      key = keys.require(t.substring(k + KEY.length()), "--notify " + text);
      t = t.substring(0, k);
    }
    HostPort hp;
    try {
      hp = HostPort.split(t, DNS_PORT);
    } catch (HostPort.Malformed e) {
      throw bad(text);
    }
    if (hp.host().isEmpty() || !hp.host().matches("[0-9a-fA-F:.]+")) {
      throw bad(text);
    }
    try {
      return new NotifyTarget(new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port()), key);
    } catch (UnknownHostException e) {
      throw bad(text);
    }
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException("--notify takes ADDRESS[:PORT][/key:NAME] (an IPv6 address with a port "
        + "in brackets), not " + text);
  }

  @Override
  public String toString() {
    return Addresses.text(address) + (key == null ? "" : " key " + key.name());
  }
}
