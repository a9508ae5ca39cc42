/**
 * The resolver contract and the one fixed chain every query walks: authority, hosts, cache, dynamic,
 * forwarder. Owns {@link org.loomdns.chain.Resolver}, {@link org.loomdns.chain.Query} and
 * {@link org.loomdns.chain.Outcome}, and the reuse contract: an answer becomes reusable (the
 * server may send its reply again without walking the chain) only when a stage makes it through
 * {@link org.loomdns.chain.ReusableAnswers}, from a {@link org.loomdns.chain.Question} that holds
 * no client, transport or request, on terms of a sealed {@link org.loomdns.chain.Reuse}; and
 * {@link org.loomdns.chain.Views}, which picks one stage per client as BIND's views do. Knows
 * nothing of sockets, wire format framing or zone files.
 */
package org.loomdns.chain;
