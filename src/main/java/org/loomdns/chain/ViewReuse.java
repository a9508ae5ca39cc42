package org.loomdns.chain;

import java.net.InetSocketAddress;

/** A reuse narrowed to the clients for whom {@link Views} chooses the view that made the answer. */
final class ViewReuse implements Reuse {

  private final Reuse inner;
  private final Views views;
  private final int view;

  ViewReuse(Reuse inner, Views views, int view) {
    this.inner = inner;
    this.views = views;
    this.view = view;
  }

  /** Asked of unsigned queries alone: the server never sends a signed reply again. */
  @Override
  public long age(InetSocketAddress client) {
    return views.indexFor(client.getAddress(), null) == view ? inner.age(client) : NOT_NOW;
  }
}
