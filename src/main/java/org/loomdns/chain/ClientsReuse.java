package org.loomdns.chain;

import java.net.InetSocketAddress;
import java.util.List;
import org.loomdns.net.Cidr;

/** A reuse narrowed to the clients a {@link ForClients} stage serves. */
final class ClientsReuse implements Reuse {

  private final Reuse inner;
  private final List<Cidr> allowed;

  ClientsReuse(Reuse inner, List<Cidr> allowed) {
    this.inner = inner;
    this.allowed = allowed;
  }

  @Override
  public long age(InetSocketAddress client) {
    return Cidr.anyContains(allowed, client.getAddress()) ? inner.age(client) : NOT_NOW;
  }
}
