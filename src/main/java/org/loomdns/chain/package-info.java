/**
 * The resolver contract and the one fixed chain every query walks: authority, cache, dynamic,
 * forwarder. Owns {@link org.loomdns.chain.Resolver}, {@link org.loomdns.chain.Query} and
 * {@link org.loomdns.chain.Outcome}; knows nothing of sockets, wire format framing or zone files.
 */
package org.loomdns.chain;
