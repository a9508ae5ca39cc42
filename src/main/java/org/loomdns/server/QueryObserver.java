package org.loomdns.server;

import java.net.InetSocketAddress;
import java.util.List;
import org.loomdns.chain.Transport;

/**
 * Told of every query once its reply is sent (or once it is dropped), on the query's own thread:
 * metrics and query logs watch the query path through this and nothing else. An observer must
 * return at once, never block, and copy nothing it does not keep; the arrays are not changed
 * after the call, so one that keeps them may keep them as they are.
 */
@FunctionalInterface
public interface QueryObserver {

  /**
   * @param query the request's bytes, as received
   * @param reply the reply's bytes as sent (before rate limiting), or null when none was sent or
   *     it went out as several messages (a zone transfer)
   * @param rcode the reply's rcode, extended ones included; -1 when the query was dropped
   * @param stage who answered: a stage's name, {@code "packet cache"}, {@code "server"} (the
   *     header rules), or {@code "none"}
   * @param nanos from the query's arrival at the processor to its reply
   */
  void answered(byte[] query, byte[] reply, int rcode, InetSocketAddress client, Transport transport, String stage,
      long nanos);

  /** One observer telling each of {@code observers} in turn; null when there are none. */
  static QueryObserver of(List<QueryObserver> observers) {
    List<QueryObserver> all = List.copyOf(observers);
    if (all.isEmpty()) {
      return null;
    }
    if (all.size() == 1) {
      return all.get(0);
    }
    return (query, reply, rcode, client, transport, stage, nanos) -> {
      for (QueryObserver o : all) {
        o.answered(query, reply, rcode, client, transport, stage, nanos);
      }
    };
  }
}
