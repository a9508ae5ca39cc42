package org.loomdns.notify;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.loomdns.net.Addresses;
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
    String host = t;
    int port = DNS_PORT;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw bad(text);
      }
      host = t.substring(1, close);
      String rest = t.substring(close + 1);
      if (!rest.isEmpty()) {
        port = port(rest.startsWith(":") ? rest.substring(1) : "", text);
      }
    } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
      host = t.substring(0, t.indexOf(':'));
      port = port(t.substring(t.indexOf(':') + 1), text);
    }
    if (host.isEmpty() || !host.matches("[0-9a-fA-F:.]+")) {
      throw bad(text);
    }
    try {
      return new NotifyTarget(new InetSocketAddress(InetAddress.getByName(host), port), key);
    } catch (UnknownHostException e) {
      throw bad(text);
    }
  }

  private static int port(String s, String text) {
    try {
      int p = Integer.parseInt(s);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw bad(text);
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
