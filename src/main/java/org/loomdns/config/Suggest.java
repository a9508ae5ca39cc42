package org.loomdns.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import org.codehaus.groovy.runtime.MethodRankHelper;

/** "did you mean" for a name that is not a key: the closest key by edit distance, if close enough. */
final class Suggest {

  private Suggest() {}

  /** " (did you mean X?)", or "" when no key is close. */
  static String closest(String name, Collection<String> keys) {
    String n = plain(name);
    return keys.stream()
        .filter(k -> plain(k).equals(n) || distance(plain(k), n) <= MethodRankHelper.DL_SUBSTITUTION * Math.max(1, Math.min(3, n.length() / 3)))
        .min(Comparator.comparingInt(k -> distance(plain(k), n)))
        .map(k -> " (did you mean " + k + "?)").orElse("");
  }

  /** Case, dashes and underscores set aside: {@code max_udp_payload} is {@code maxUdpPayload}. */
  private static String plain(String s) {
    return s.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** Groovy's own, as its "Possible solutions" for a misspelt method use. */
  private static int distance(String a, String b) {
    return MethodRankHelper.delDistance(a, b);
  }
}
