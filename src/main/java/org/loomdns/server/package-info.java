/**
 * The listeners and the per-query path: UDP datagrams (packet-cache hits answered by the
 * socket's reader, or by a platform thread blocked in the kernel in its place while only hits
 * come; the rest each on a virtual thread) and TCP connections on virtual threads,
 * the UDP sockets (the JDK's channel, or on Linux with JDK 22+ our own batched one in
 * {@code src/main/java22}), the header, EDNS and size rules every reply follows, RFC 8482's
 * minimal ANY over UDP, the packet cache of encoded replies, TSIG (RFC 8945) on requests, replies
 * and zone transfers out with the keys of {@link org.loomdns.tsig} (their answer sections encoded once
 * per zone version in {@link org.loomdns.transferwire}), and the query log; every UDP reply
 * passes {@link org.loomdns.ratelimit} when rate limiting is on. Hands every question to the {@link org.loomdns.chain.ResolverChain} and knows
 * nothing of what its stages do beyond the {@link org.loomdns.chain.Reuse} the chain gives a
 * reply made from the question alone.
 */
package org.loomdns.server;
