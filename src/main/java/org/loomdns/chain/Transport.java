package org.loomdns.chain;

/** How a query reached us; some answers depend on it (zone transfers need TCP, for one). */
public enum Transport {
  UDP,
  TCP;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
