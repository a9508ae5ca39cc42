package org.loomdns.secondary;

import java.time.Duration;

/**
 * What one transfer may make us hold or wait for: records, bytes (the records' uncompressed wire
 * size, which bounds the heap they take better than the compressed bytes on the wire would) and
 * time from connecting to the last message. A transfer over any of them fails as a whole.
 */
public record TransferLimits(long maxRecords, long maxBytes, Duration maxTime) {

  public static final TransferLimits DEFAULT =
      new TransferLimits(5_000_000, 1L << 30, Duration.ofMinutes(10));
}
