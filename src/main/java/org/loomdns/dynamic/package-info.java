/**
 * The dynamic stage: answers computed at query time by rules, Groovy rule files ({@code --script})
 * and the one-liner {@code --dynamic PATTERN NETWORK}. Owns rule loading (compiled once, with
 * file:line errors), matching (name patterns on RE2/J, linear in the name), running a rule's body on
 * a few platform threads under a deadline and an allocation limit, and reload. Builds records only
 * through {@link org.loomdns.zone.dsl.RecordConstructors} or dnsjava; knows nothing of sockets,
 * zones or the other stages.
 */
package org.loomdns.dynamic;
