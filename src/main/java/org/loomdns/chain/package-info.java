/**
 * The resolver contract and the one fixed chain every query walks: authority, cache, dynamic,
 * forwarder. Owns {@link org.loomdns.chain.Resolver}, {@link org.loomdns.chain.Query} and
 * {@link org.loomdns.chain.Outcome}, and {@link org.loomdns.chain.Reuse}, the terms on which the
 * server may send an answer's reply again without walking the chain; knows nothing of sockets,
 * wire format framing or zone files.
 */
package org.loomdns.chain;
