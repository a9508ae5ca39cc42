/**
 * The authority stage: the set of zones we serve, the RFC 1034 / 2308 / 4592 / 6672 lookup over
 * them, and zone transfers. Reads zones, never changes them; a reload swaps in a whole new
 * {@link org.loomdns.authority.ZoneSet}. Knows nothing of sockets or of the other stages.
 */
package org.loomdns.authority;
