package org.loomdns.forward;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** The order in which one query tries the upstreams that are up. */
public enum Policy {
  /** Always in the order given: the first upstream takes everything while it answers. */
  SEQUENTIAL,
  /** Each query starts one upstream further along the list, spreading the load. */
  ROUND_ROBIN,
  /** A fresh random order for every query. */
  RANDOM;

  /** Parses "sequential", "round-robin" or "random". */
  public static Policy parse(String text) {
    for (Policy p : values()) {
      if (p.label().equalsIgnoreCase(text)) {
        return p;
      }
    }
    throw new IllegalArgumentException("--forward-policy is sequential, round-robin or random, not " + text);
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  <T> List<T> order(List<T> upstreams, AtomicInteger turn) {
    List<T> ordered = new ArrayList<>(upstreams);
    switch (this) {
      case SEQUENTIAL -> { }
      case ROUND_ROBIN -> {
        if (!ordered.isEmpty()) {
          Collections.rotate(ordered, -Math.floorMod(turn.getAndIncrement(), ordered.size()));
        }
      }
      case RANDOM -> Collections.shuffle(ordered, ThreadLocalRandom.current());
    }
    return ordered;
  }
}
