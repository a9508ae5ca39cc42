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

  /** A query answered just now; {@code reply} is kept only when {@code keepReply}. */
  static Logged now(byte[] query, byte[] reply, boolean keepReply, int rcode, InetSocketAddress client,
      Transport transport, String stage, long nanos) {
    java.time.Instant now = java.time.Instant.now();
    return new Logged(now.getEpochSecond() * 1_000_000_000L + now.getNano(), nanos, client, transport, query,
        keepReply ? reply : null, reply == null ? 0 : reply.length, rcode, stage);
  }

  /** Heap it holds while it waits, roughly, for the queue's bound. */
  long bytes() {
    return 96L + query.length + (reply == null ? 0 : reply.length);
  }
}
