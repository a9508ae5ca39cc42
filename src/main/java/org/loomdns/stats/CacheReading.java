package org.loomdns.stats;

/**
 * What a cache holds and has done, read at one moment: the counts only ever grow, the sizes go
 * up and down.
 *
 * @param hits lookups that found an entry they could use
 * @param misses lookups that found none
 * @param evictions entries pushed out by others for room (expired ones are not counted)
 * @param entries entries held now
 * @param bytes heap the entries take now, as the cache weighs them
 * @param maxBytes the most it may take
 */
public record CacheReading(long hits, long misses, long evictions, long entries, long bytes, long maxBytes) {}
