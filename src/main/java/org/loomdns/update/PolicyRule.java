package org.loomdns.update;

import com.google.re2j.Pattern;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;
import org.loomdns.net.Cidr;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * One line of an update policy, as BIND's {@code grant KEY name|subdomain|wildcard NAME TYPES}
 * reads: who (a TSIG key, or an address range), which owner names, which types, and whether it
 * grants or denies. Immutable; matched in Java, never by running the policy file again.
 *
 * @param key the signer it is about, or null when it is about {@code address}
 * @param types the types it covers; null: every type but SOA, NS, RRSIG, NSEC and NSEC3, as BIND
 *     reads a rule that names none
 * @param where the policy file and line, for logs
 */
record PolicyRule(boolean grant, Name key, Cidr address, Kind kind, Name name, Pattern regex,
    Set<Integer> types, String where) {

  /** How {@code name} (or {@code regex}) selects owner names. */
  enum Kind {
    /** The name itself. */
    NAME,
    /** The name and every name below it. */
    SUBDOMAIN,
    /** Names below it only, as {@code *.NAME} matches in a zone (RFC 4592). */
    WILDCARD,
    /** Names whose text (lower case, absolute, with its final dot) the RE2 expression matches whole. */
    REGEX
  }

  /** The types a rule without types covers: BIND leaves these to rules that name them. */
  private static final Set<Integer> NOT_BY_DEFAULT = Set.of(Type.SOA, Type.NS, Type.RRSIG, Type.NSEC, Type.NSEC3);

  /** Whether the rule is about this requester at all. */
  boolean identifies(InetAddress source, Name signer) {
    return key != null ? key.equals(signer) : address.contains(source);
  }

  /** Whether the rule covers {@code type} at {@code owner}. */
  boolean covers(Name owner, int type) {
    boolean typed = types == null ? !NOT_BY_DEFAULT.contains(type) : types.contains(type) || types.contains(Type.ANY);
    if (!typed) {
      return false;
    }
    return switch (kind) {
      case NAME -> owner.equals(name);
      case SUBDOMAIN -> owner.subdomain(name);
      case WILDCARD -> owner.subdomain(name) && !owner.equals(name);
      case REGEX -> regex.matches(owner.toString().toLowerCase(Locale.ROOT));
    };
  }

  @Override
  public String toString() {
    return where + ": " + (grant ? "grant " : "deny ") + (key != null ? "key " + key : "address " + address)
        + " " + kind.name().toLowerCase(Locale.ROOT) + " " + (regex != null ? regex.pattern() : name)
        + " " + (types == null ? "(default types)" : types.stream().map(Type::string).toList());
  }
}
