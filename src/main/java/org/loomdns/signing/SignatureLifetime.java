package org.loomdns.signing;

import java.time.Duration;

/**
 * How long the signatures made online last ({@code --dnssec-validity}): valid {@code validity}
 * less up to a fourteenth of it (a day of 14), so that they do not all expire together; made
 * again once less than half is left; looked at every twentieth of it, at most hourly.
 */
public record SignatureLifetime(Duration validity) {

  /** Shorter lifetimes would have signatures made again faster than validators' clocks agree. */
  public static final Duration SHORTEST = Duration.ofSeconds(30);

  /** Two weeks, as BIND's sig-validity-interval and Knot's rrsig-lifetime default to. */
  public static final SignatureLifetime DEFAULT = new SignatureLifetime(Duration.ofDays(14));

  public SignatureLifetime {
    if (validity.compareTo(SHORTEST) < 0) {
      throw new IllegalArgumentException("signatures must be valid at least " + SHORTEST.toSeconds() + " seconds, not "
          + validity.toSeconds());
    }
  }

  /** A signature with less than this left is made again. */
  public Duration refresh() {
    return validity.dividedBy(2);
  }

  /** Up to this much is taken off each signature's validity, at random. */
  public Duration jitter() {
    return validity.dividedBy(14);
  }

  /** How often the signatures of each zone are looked at. */
  public Duration checkEvery() {
    Duration d = validity.dividedBy(20);
    return d.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : d;
  }
}
