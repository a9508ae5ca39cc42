/**
 * What was asked and answered, written down off the query path: {@code --query-log FILE} (one JSON
 * line per query, rotated by size) and {@code --dnstap} (Frame Streams of dnstap messages to a
 * file, a Unix socket or TCP). The query's thread only hands its bytes to a bounded {@link
 * org.loomdns.querylog.Spool}; one writer thread each encodes and writes, and what does not fit
 * in the queue is dropped and counted in {@link org.loomdns.stats.Drops}. Watches the query path
 * through {@link org.loomdns.server.QueryObserver} alone; must not depend on the stages, the
 * metrics or the command line.
 */
package org.loomdns.querylog;
