/**
 * {@code --metrics ADDR:PORT}: Prometheus text at {@code /metrics} through Micrometer's Prometheus
 * registry, and {@code /health} and {@code /ready}, on the JDK's HTTP server. Reads what the
 * server and the stages count through {@link org.loomdns.stats} types and watches the query path
 * through {@link org.loomdns.server.QueryObserver}; no stage and no listener knows Micrometer.
 * Must not depend on the stages or on the command line.
 */
package org.loomdns.metrics;
