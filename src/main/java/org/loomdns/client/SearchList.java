package org.loomdns.client;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.TextParseException;

/**
 * resolv.conf's {@code search} domains and {@code ndots}, applied as the C library applies them: a
 * name ending in a dot is absolute; a name with at least {@code ndots} dots is tried as it is
 * first and then under each search domain; one with fewer under each search domain first.
 */
record SearchList(List<Name> domains, int ndots) {

  static final SearchList NONE = new SearchList(List.of(), 1);

  SearchList {
    domains = List.copyOf(domains);
    if (ndots < 0) {
      throw new IllegalArgumentException("ndots must be 0 or more, not " + ndots);
    }
  }

  static SearchList of(List<String> domains, int ndots) {
    List<Name> names = new ArrayList<>();
    for (String d : domains) {
      names.add(absolute(d));
    }
    return new SearchList(names, ndots);
  }

  /** The names {@code text} may mean, in the order to try them. */
  List<Name> candidates(String text) {
    Name asGiven = absolute(text);
    if (text.endsWith(".") || domains.isEmpty()) {
      return List.of(asGiven);
    }
    Name relative;
    try {
      relative = Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + text + " (" + e.getMessage() + ")");
    }
    List<Name> searched = new ArrayList<>();
    for (Name d : domains) {
      try {
        searched.add(Name.concatenate(relative, d));
      } catch (NameTooLongException e) {
        // too long under this domain: the C library skips it too
      }
    }
    long dots = text.chars().filter(c -> c == '.').count();
    List<Name> all = new ArrayList<>();
    if (dots >= ndots) {
      all.add(asGiven);
      all.addAll(searched);
    } else {
      all.addAll(searched);
      all.add(asGiven);
    }
    return all;
  }

  static Name absolute(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + text + " (" + e.getMessage() + ")");
    }
  }
}
