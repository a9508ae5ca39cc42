package org.loomdns.dynamic;

import java.net.InetAddress;
import org.loomdns.chain.Query;
import org.loomdns.chain.Transport;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * The query as a rule's body sees it ({@code q.name}, {@code q.type}, {@code q.client}...). One per
 * query, used only by that query's thread, so the cached name needs no synchronisation.
 */
public final class Question {

  private final Query query;
  private String name;

  Question(Query query) {
    this.query = query;
  }

  /** The name as the client wrote it (its case kept), without the final dot. */
  public String getName() {
    if (name == null) {
      name = query.name().toString(true);
    }
    return name;
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
