package org.loomdns.acl;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.loomdns.net.Cidr;
import org.loomdns.tsig.TsigKeys;
import org.xbill.DNS.Name;

/**
 * An access list: address ranges and {@code key:NAME} entries. A request is allowed when its
 * source is in one of the ranges <em>or</em> it was signed by one of the keys, as an address
 * match list with both kinds of element is read in BIND. Immutable.
 */
public final class Acl {

  /** Allows nobody. */
  public static final Acl NOBODY = new Acl(List.of(), Set.of());

  private static final String KEY = "key:";

  private final List<Cidr> ranges;
  private final Set<Name> keys;

  private Acl(List<Cidr> ranges, Set<Name> keys) {
    this.ranges = List.copyOf(ranges);
    this.keys = Set.copyOf(keys);
  }

  /** The ranges alone. */
  public static Acl of(List<Cidr> ranges) {
    return new Acl(ranges, Set.of());
  }

  /**
   * Entries as an operator writes them ({@code 192.0.2.0/24}, {@code ::1}, {@code key:NAME}); each
   * key must be one of {@code known}. Errors name {@code option} and the entry.
   */
  public static Acl parse(List<String> entries, TsigKeys known, String option) {
    List<Cidr> ranges = new ArrayList<>();
    Set<Name> keys = new java.util.LinkedHashSet<>();
    for (String entry : entries) {
      String e = entry.trim();
      if (e.regionMatches(true, 0, KEY, 0, KEY.length())) {
        String name = e.substring(KEY.length());
        if (name.isEmpty()) {
          throw new IllegalArgumentException(option + " " + entry + ": key: needs a key name");
        }
        keys.add(known.require(name, option + " " + entry).name());
      } else {
        try {
          ranges.add(Cidr.parse(e));
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException(option + " takes an address, a CIDR or key:NAME, not " + entry
              + " (" + ex.getMessage() + ")");
        }
      }
    }
    return new Acl(ranges, keys);
  }

  /** Whether a request from {@code source}, signed by {@code signer} (null: unsigned), is allowed. */
  public boolean allows(InetAddress source, Name signer) {
    return (signer != null && keys.contains(signer)) || Cidr.anyContains(ranges, source);
  }

  public boolean isEmpty() {
    return ranges.isEmpty() && keys.isEmpty();
  }

  /** This list and {@code other}'s entries: allowed by either. */
  public Acl or(Acl other) {
    List<Cidr> r = new ArrayList<>(ranges);
    r.addAll(other.ranges);
    return new Acl(r, Stream.concat(keys.stream(), other.keys.stream()).collect(Collectors.toSet()));
  }

  @Override
  public String toString() {
    return Stream.concat(ranges.stream().map(Cidr::toString), keys.stream().map(k -> KEY + k))
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
