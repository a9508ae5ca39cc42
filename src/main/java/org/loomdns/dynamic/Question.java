package org.loomdns.dynamic;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.loomdns.chain.Query;
import org.loomdns.chain.Transport;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The query as a rule's body sees it ({@code q.name}, {@code q.type}, {@code q.client}...). One per
 * query, used only by that query's thread, so the cached name needs no synchronisation.
 */
public final class Question {

  /** The printable characters that Name.toString escapes with a backslash, by their code. */
  private static final boolean[] ESCAPED = new boolean[128];

  static {
    for (char c : "\"().;\\@$".toCharArray()) {
      ESCAPED[c] = true;
    }
  }

  private final Query query;
  private String name;

  Question(Query query) {
    this.query = query;
  }

  /** The name as the client wrote it (its case kept), without the final dot. */
  public String getName() {
    if (name == null) {
      name = text(query.name());
    }
    return name;
  }

  /**
   * {@code name.toString(true)}, made straight from the wire form when every byte stands for
   * itself in a name's text, as in nearly every query; otherwise dnsjava's text, with its escapes.
   * Rules read the name on every query, and the general conversion took 2-3% of the server's
   * CPU time when a rule answered every query.
   */
  static String text(Name name) {
    byte[] wire = name.toWire();
    if (wire.length < 2) {
      return name.toString(true);
    }
    byte[] text = new byte[wire.length - 2];
    int next = wire[0] + 1;
    for (int i = 1; i < wire.length - 1; i++) {
      byte b = wire[i];
      if (i == next) {
        text[i - 1] = '.';
        next += b + 1;
      } else if (b > ' ' && b < 0x7f && !ESCAPED[b]) {
        text[i - 1] = b;
      } else {
        return name.toString(true);
      }
    }
    return new String(text, StandardCharsets.ISO_8859_1);
  }

  public int getType() {
    return query.type();
  }

  /** The type's mnemonic: "A", "AAAA", "TYPE65534". */
  public String getTypeName() {
    return Type.string(query.type());
  }

  public int getDclass() {
    return query.dclass();
  }

  public InetAddress getClient() {
    return query.client().getAddress();
  }

  public Transport getTransport() {
    return query.transport();
  }

  /** The whole query, the request Message included, for what the properties above do not say. */
  public Query getQuery() {
    return query;
  }

  @Override
  public String toString() {
    return getName() + " " + getTypeName() + " " + DClass.string(getDclass()) + " from "
        + getClient().getHostAddress() + " over " + getTransport();
  }
}
