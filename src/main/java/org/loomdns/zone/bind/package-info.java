/**
 * Reads BIND master files through dnsjava's parser ($ORIGIN, $TTL, $INCLUDE, $GENERATE) into a
 * {@link org.loomdns.zone.ZoneBuilder}. Parsing is dnsjava's; this package only finds the origin
 * and keeps the file and line of each record for error messages.
 */
package org.loomdns.zone.bind;
