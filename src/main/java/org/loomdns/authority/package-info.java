/**
 * The authority stage: the set of zones we serve, the RFC 1034 / 2308 / 4592 / 6672 lookup over
 * them with the RRSIGs and NSEC/NSEC3 proofs of pre-signed zones (RFC 4035, RFC 5155; {@link
 * org.loomdns.authority.Denial}), and zone transfers. {@link org.loomdns.authority.ServedZones}
 * is the one place a zone's served version changes (reload, transfer, update): each change swaps
 * in a whole new {@link org.loomdns.authority.ZoneSet}. The lookup reads zones, never changes
 * them. Knows nothing of sockets or of the other stages.
 */
package org.loomdns.authority;
