package org.loomdns.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.loomdns.stats.CacheReading;
import org.loomdns.stats.Drops;
import org.loomdns.stats.PeerCounts;
import org.loomdns.stats.Tally;

/**
 * Where the metrics read what the server counts; each reading is taken at scrape time, so the
 * counting code knows nothing of metrics. Any but {@code drops} and {@code notReady} may be null:
 * that part is not running.
 *
 * @param drops every kind of work shed
 * @param packetCache the packet cache's reading now
 * @param cache the cache stage's reading now
 * @param upstreams the forwarder's exchanges with each upstream
 * @param transfers how the secondary zones' checks ended
 * @param zoneSerials each served zone's serial now, by zone name
 * @param notReady why the server is not ready to answer yet, or null when it is
 */
public record Sources(
    Drops drops,
    Supplier<CacheReading> packetCache,
    Supplier<CacheReading> cache,
    Supplier<PeerCounts> upstreams,
    Tally transfers,
    Supplier<Map<String, Long>> zoneSerials,
    Supplier<String> notReady) {

  public Sources {
    Objects.requireNonNull(drops, "drops");
    Objects.requireNonNull(notReady, "notReady");
  }
}
