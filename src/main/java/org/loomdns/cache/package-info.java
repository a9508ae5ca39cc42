/**
 * The cache stage: keeps the answers the recursing stages behind it fetched (positive and
 * RFC 2308 negative), answers from them with TTLs counted down, prefetches popular entries and
 * serves stale ones (RFC 8767) when the stages behind fail. Holds no more than its bound in bytes
 * of heap whatever clients ask, and counts the answers too large to keep. Sits after authority,
 * so our own zones are never shadowed; never keeps an authoritative answer or a dynamic script's
 * answer, and knows nothing of sockets or upstreams.
 */
package org.loomdns.cache;
