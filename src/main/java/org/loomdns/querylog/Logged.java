package org.loomdns.querylog;

import java.net.InetSocketAddress;
import org.loomdns.chain.Transport;

/**
 * One query as the query path told of it, waiting for a writer.
 *
 * @param epochNanos when the reply was sent (or the query dropped), nanoseconds since 1970 UTC
 * @param nanos how long the answer took
 * @param reply the reply's bytes, or null (dropped, a zone transfer, or not kept by this writer)
 * @param replySize the reply's length in bytes, 0 when none was sent
 * @param rcode the reply's rcode, -1 when dropped
 */
record Logged(long epochNanos, long nanos, InetSocketAddress client, Transport transport, byte[] query,
    byte[] reply, int replySize, int rcode, String stage) {

  /** Heap it holds while it waits, roughly, for the queue's bound. */
  long bytes() {
    return 96L + query.length + (reply == null ? 0 : reply.length);
  }
}
