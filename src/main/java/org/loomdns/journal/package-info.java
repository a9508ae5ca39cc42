/**
 * The journals of zones that take updates: each accepted update's difference forced to disk
 * before it is published or acknowledged, replayed over the zone file at start, compacted into a
 * snapshot on a schedule and at a reload. Knows zone data alone; nothing of queries, the chain or
 * the update protocol, which hands it differences through {@link Journals#append}.
 */
package org.loomdns.journal;
