package org.loomdns.chain;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * One stage chosen per request by who sends it, as BIND's views: the first view whose clients
 * include the request's source address, or the TSIG key that signed it, takes the request; a
 * client no view matches is REFUSED, and no later stage hears it. A view's stage may make
 * answers from the question alone ({@link ReusableAnswers}); the chain then narrows their reuse
 * to the clients that this view would be chosen for ({@link ViewReuse}), as it narrows a
 * {@link ForClients} stage's.
 */
public final class Views implements Resolver {

  /** Whether a request from {@code source}, signed by {@code signer} (null: unsigned), is a view's. */
  @FunctionalInterface
  public interface Clients {
    boolean matches(InetAddress source, Name signer);
  }

  /** One view: its name, for logs, the clients it answers and the stage that answers them. */
  public record View(String name, Clients clients, Resolver stage) {}

  private static final Outcome REFUSED = Outcome.Answer.failure(Rcode.REFUSED);

  private final String name;
  private final List<View> views;

  /** {@code views} in the order they are tried; {@code name} is the stage's name in logs. */
  public Views(String name, List<View> views) {
    if (views.isEmpty()) {
      throw new IllegalArgumentException("views need one view at least");
    }
    this.name = name;
    this.views = List.copyOf(views);
  }

  /** The index of the view that answers {@code source} signing with {@code signer}, or -1 for none. */
  int indexFor(InetAddress source, Name signer) {
    for (int i = 0; i < views.size(); i++) {
      if (views.get(i).clients().matches(source, signer)) {
        return i;
      }
    }
    return -1;
  }

  /** The stage of the view that answers {@code query}, or null when no view does. */
  Resolver stageFor(Query query) {
    int i = indexFor(query.client().getAddress(), query.signer());
    return i < 0 ? null : views.get(i).stage();
  }

  /** {@code reuse}, of an answer {@code query}'s view made, narrowed to the clients of that view. */
  Reuse narrowed(Reuse reuse, Query query) {
    return new ViewReuse(reuse, this, indexFor(query.client().getAddress(), query.signer()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean recurses() {
    return views.stream().anyMatch(v -> v.stage().recurses());
  }

  @Override
  public boolean recursesFor(InetSocketAddress client) {
    int i = indexFor(client.getAddress(), null);
    return i >= 0 && views.get(i).stage().recursesFor(client);
  }

  @Override
  public Outcome resolve(Query query) throws Exception {
    Resolver stage = stageFor(query);
    return stage == null ? REFUSED : stage.resolve(query);
  }

  @Override
  public Outcome resolveInFront(Query query, Later later) throws Exception {
    Resolver stage = stageFor(query);
    return stage == null ? REFUSED : stage.resolveInFront(query, later);
  }
}
