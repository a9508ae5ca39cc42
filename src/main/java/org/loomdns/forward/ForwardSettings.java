package org.loomdns.forward;

import java.time.Duration;

/**
 * How the forwarder asks: the time one upstream gets, the time one client query gets in all, the
 * rounds over the upstream list, the order, and when an upstream counts as down and how often a
 * down one is probed. A resolv.conf {@code options timeout:} or {@code attempts:} replaces
 * {@code timeout} or {@code attempts}, as the C resolver honours them; {@code budget} caps both.
 */
public record ForwardSettings(
    Duration timeout, Duration budget, int attempts, Policy policy, int downAfter, Duration probeInterval) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1000);
  public static final Duration DEFAULT_BUDGET = Duration.ofMillis(3000);
  public static final int DEFAULT_ATTEMPTS = 2;
  public static final int DEFAULT_DOWN_AFTER = 3;
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);

  public ForwardSettings {
    if (timeout.isNegative() || timeout.isZero() || budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("forwarder timeouts must be positive");
    }
    if (attempts < 1 || downAfter < 1) {
      throw new IllegalArgumentException("forwarder attempts and down threshold must be at least 1");
    }
    if (probeInterval.isNegative() || probeInterval.isZero()) {
      throw new IllegalArgumentException("the probe interval must be positive");
    }
  }

  public static ForwardSettings defaults() {
    return new ForwardSettings(DEFAULT_TIMEOUT, DEFAULT_BUDGET, DEFAULT_ATTEMPTS, Policy.SEQUENTIAL,
        DEFAULT_DOWN_AFTER, DEFAULT_PROBE_INTERVAL);
  }

  public ForwardSettings withTimeout(Duration t) {
    return new ForwardSettings(t, budget, attempts, policy, downAfter, probeInterval);
  }

  public ForwardSettings withBudget(Duration b) {
    return new ForwardSettings(timeout, b, attempts, policy, downAfter, probeInterval);
  }

  public ForwardSettings withPolicy(Policy p) {
    return new ForwardSettings(timeout, budget, attempts, p, downAfter, probeInterval);
  }

  public ForwardSettings withProbeInterval(Duration p) {
    return new ForwardSettings(timeout, budget, attempts, policy, downAfter, p);
  }
}
