/**
 * Reads BIND master files into a {@link org.loomdns.zone.ZoneBuilder}: follows {@code $INCLUDE}
 * (bounded, no cycles) and expands {@code $GENERATE} for every record type as BIND 9.18 does,
 * handing dnsjava's parser the resulting lines, which it parses with {@code $ORIGIN} and
 * {@code $TTL}; keeps the file and line of each record for error messages. Knows no query path.
 */
package org.loomdns.zone.bind;
