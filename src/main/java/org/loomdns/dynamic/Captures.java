package org.loomdns.dynamic;

import com.google.re2j.Matcher;
import java.util.AbstractList;

/**
 * What a rule's name pattern captured: {@code m[0]} the whole name, {@code m[1]}... its groups (a
 * glob's wildcards, a regex's groups), {@code m['label']} a named group.
 */
public final class Captures extends AbstractList<String> {

  private final String whole;
  /** A matcher that matched, or null for a rule without a name pattern. */
  private final Matcher result;

  Captures(String whole, Matcher result) {
    this.whole = whole;
    this.result = result;
  }

  @Override
  public String get(int index) {
    if (result == null) {
      if (index != 0) {
        throw new IndexOutOfBoundsException("this rule's name has no group " + index + "; only m[0], the name");
      }
      return whole;
    }
    return result.group(index);
  }

  @Override
  public int size() {
    return result == null ? 1 : result.groupCount() + 1;
  }

  /** A named group, {@code m['host']} for {@code (?<host>...)}. */
  public String getAt(String group) {
    if (result == null || !result.pattern().namedGroups().containsKey(group)) {
      throw new IllegalArgumentException("this rule's name has no group named '" + group + "'");
    }
    return result.group(group);
  }
}
