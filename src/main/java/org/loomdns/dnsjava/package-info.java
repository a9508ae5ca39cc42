/**
 * Every use of dnsjava beyond its public API, in one place, each with a fallback on public API
 * that is tested too, so that a dnsjava release that changes its internals slows loomdns down or
 * costs a line number in an error message, never breaks it; {@code DnsjavaInternalsSpec} says by
 * name which internal went missing. Knows nothing of loomdns's other packages.
 */
package org.loomdns.dnsjava;
