/**
 * The immutable zone model: a zone's names, their record sets, its cuts, built and checked once
 * from records that loaders ({@code zone.bind}, {@code zone.dsl}) read; a signed zone's denial
 * chains in order ({@link org.loomdns.zone.DenialIndex}, made once per version) and the check of
 * its signatures and chains ({@link org.loomdns.zone.DnssecCheck}). Nothing here changes after
 * {@link org.loomdns.zone.ZoneBuilder#build()}, so any number of queries may read a zone at once
 * without locks. Knows nothing of queries or the chain.
 */
package org.loomdns.zone;
