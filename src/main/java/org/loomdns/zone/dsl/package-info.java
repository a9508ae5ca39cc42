/**
 * Zones written as Groovy scripts ({@code --pyzone}), and Twisted's Python pyzone files: the record
 * constructors ({@link org.loomdns.zone.dsl.RecordConstructors}, reusable by any Groovy code through
 * {@link org.loomdns.zone.dsl.RecordScript}), the compile-time guard against the JVM's method and
 * constant-pool limits, and the loader that feeds {@link org.loomdns.zone.ZoneBuilder}. Record
 * parsing is dnsjava's; zone checks are ZoneBuilder's. Knows nothing of queries or the server.
 */
package org.loomdns.zone.dsl;
