/**
 * Secondary zones: zones we copy from primaries by AXFR and IXFR and keep fresh on their SOA's
 * timers (RFC 1034 section 4.3.5) and on NOTIFY (RFC 1996), one virtual thread per zone, each
 * transferred version kept on disk so a restart serves it before the first refresh. Publishes
 * through {@link org.loomdns.authority.ServedZones} alone; answers NOTIFY as the chain's handler
 * for that opcode. Knows no sockets of the server and no other stage.
 */
package org.loomdns.secondary;
