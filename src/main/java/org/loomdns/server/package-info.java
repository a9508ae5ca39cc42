/**
 * The listeners and the per-query path: UDP datagrams and TCP connections on virtual threads,
 * the header, EDNS and size rules every reply follows, the packet cache of encoded replies, and
 * the query log. Hands every question to the {@link org.loomdns.chain.ResolverChain} and knows
 * nothing of what its stages do beyond the {@link org.loomdns.chain.Reuse} an answer carries.
 */
package org.loomdns.server;
