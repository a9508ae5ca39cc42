/**
 * The client: lookups from Java and Groovy, on dnsjava, shaped for virtual threads. {@link
 * org.loomdns.client.DnsClient} gives {@code getHostByName}, one lookup per record type, a general
 * {@code query} and reverse lookups, each blocking (cheap on a virtual thread) and as a {@link
 * java.util.concurrent.CompletableFuture}. Failures are {@link
 * org.loomdns.client.DnsLookupException}s naming the server and the question. {@link
 * org.loomdns.client.UpdateBuilder} sends dynamic updates (RFC 2136) on dnsjava's {@code Update}
 * and {@code TSIG}, and returns the server's verdict as an {@link org.loomdns.client.UpdateResult}.
 *
 * <p>Owns the client side only: it builds queries and reads replies through dnsjava's resolvers
 * and never touches the server, the chain or the zones, nor the wire format.
 */
package org.loomdns.client;
