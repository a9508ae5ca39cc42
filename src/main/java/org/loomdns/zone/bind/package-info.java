/**
 * Reads BIND master files into a {@link org.loomdns.zone.ZoneBuilder}: follows {@code $INCLUDE}
 * (bounded, no cycles) and expands {@code $GENERATE} for every record type as BIND 9.18 does
 * ({@code ZoneText}), and reads the resulting lines with {@code $ORIGIN}, {@code $TTL} and blank
 * owners ({@code RecordReader}): records of the frequent types in plain text are built here,
 * every other record and every mistake is dnsjava's to read and word. Keeps the file and line of
 * each record for error messages. Knows no query path.
 */
package org.loomdns.zone.bind;
