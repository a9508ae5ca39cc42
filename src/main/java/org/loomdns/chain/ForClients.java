package org.loomdns.chain;

import java.net.InetSocketAddress;
import java.util.List;
import org.loomdns.net.Cidr;

/**
 * A stage that serves only clients in some address ranges and passes the queries of everyone
 * else. It keeps the cache and forwarder from becoming an open resolver for the whole Internet.
 */
public final class ForClients implements Resolver, ReusableAnswers {

  /** Loopback and private networks: where a home or office resolver's clients are. */
  public static final List<Cidr> LOCAL_NETWORKS = List.of(
      Cidr.parse("127.0.0.0/8"), Cidr.parse("::1"), Cidr.parse("10.0.0.0/8"),
      Cidr.parse("172.16.0.0/12"), Cidr.parse("192.168.0.0/16"), Cidr.parse("100.64.0.0/10"),
      Cidr.parse("169.254.0.0/16"), Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"));

  private final Resolver stage;
  private final List<Cidr> allowed;

  public ForClients(Resolver stage, List<Cidr> allowed) {
    this.stage = stage;
    this.allowed = List.copyOf(allowed);
  }

  private boolean allows(InetSocketAddress client) {
    return Cidr.anyContains(allowed, client.getAddress());
  }

  /** The stage's reusable answer, if it has one, reusable only for the clients this stage serves. */
  @Override
  public Reusable answerFor(Question question) {
    Reusable inner = stage instanceof ReusableAnswers r ? r.answerFor(question) : null;
    return inner == null ? null : new Reusable(inner.answer(), new ClientsReuse(inner.reuse(), allowed));
  }

  @Override
  public String name() {
    return stage.name();
  }

  @Override
  public boolean recurses() {
    return stage.recurses();
  }

  @Override
  public boolean recursesFor(InetSocketAddress client) {
    return stage.recurses() && allows(client);
  }

  @Override
  public Outcome resolve(Query query) throws Exception {
    return allows(query.client()) ? stage.resolve(query) : Outcome.PASS;
  }

  @Override
  public Outcome resolveInFront(Query query, Later later) throws Exception {
    return allows(query.client()) ? stage.resolveInFront(query, later) : Outcome.PASS;
  }
}
