/**
 * The listeners and the per-query path: UDP datagrams and TCP connections on virtual threads,
 * the UDP sockets (the JDK's channel, or on Linux with JDK 22+ our own batched one in
 * {@code src/main/java22}), the header, EDNS and size rules every reply follows, the packet cache
 * of encoded replies, and the query log. Hands every question to the {@link org.loomdns.chain.ResolverChain} and knows
 * nothing of what its stages do beyond the {@link org.loomdns.chain.Reuse} an answer carries.
 */
package org.loomdns.server;
