/**
 * Response rate limiting (RRL) as BIND and Knot DNS define it: a token bucket per client network
 * and reply identity, in a table of fixed size, deciding whether a UDP reply goes out, goes out
 * truncated (a slip, which sends a real client to TCP) or is dropped. Reads the reply's wire bytes
 * and the client's address, nothing else: it knows neither the chain nor the listeners, and the
 * server calls it for UDP replies only.
 */
package org.loomdns.ratelimit;
