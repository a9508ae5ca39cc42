/**
 * Counts of what the server shed or refused to hold (datagrams over the in-flight cap, TCP
 * connections refused or evicted, rate-limited replies, rules stopped at a limit), kept where a
 * metrics endpoint can read them. Knows nothing of DNS or sockets; logs only through
 * {@link org.loomdns.log.LogThrottle}.
 */
package org.loomdns.stats;
