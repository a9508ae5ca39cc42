/**
 * The forwarding stage: sends the questions nobody before it answered to upstream resolvers
 * (from {@code --forward} or resolv.conf) and passes their answers on, with RA and never AA.
 * Owns the upstream query sockets (a few long-lived ones on random ports, renewed often, each read
 * by one virtual thread) and their RFC 5452 checks, the timeouts, the failover order, the
 * down-marking of failing upstreams and their probing, the bound on exchanges in flight, and the
 * scrubbing of replies down to the records that answer the question. Uses dnsjava for the wire
 * format only; keeps no answers (that is the cache's job) and knows nothing of the other stages.
 */
package org.loomdns.forward;
