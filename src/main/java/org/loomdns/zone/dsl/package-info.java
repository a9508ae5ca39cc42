/**
 * Zones written as programs ({@code --pyzone}): Groovy scripts, and Twisted Names' Python pyzone
 * files, which are read by a Python reader of our own ({@link org.loomdns.zone.dsl.PyZone}: a
 * tokenizer, a parser and an evaluator of the part of Python zone files use, with no way to reach
 * the JVM, files or the network). Owns the record constructors ({@link
 * org.loomdns.zone.dsl.RecordConstructors}, reusable by any Groovy code through {@link
 * org.loomdns.zone.dsl.RecordScript}), the compile-time guard against the JVM's method and
 * constant-pool limits, and the loader that feeds {@link org.loomdns.zone.ZoneBuilder}. Record
 * parsing is dnsjava's; zone checks are ZoneBuilder's. Knows nothing of queries or the server.
 */
package org.loomdns.zone.dsl;
