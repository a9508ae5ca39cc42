package org.loomdns.update;

import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * Who may change what in our zones: the {@code --update-policy} file's rules, tried in order,
 * the first that is about the requester and covers the record deciding (grant or deny); nothing
 * matching is a denial. Immutable; the file ran once, at load.
 */
public final class UpdatePolicy {

  public static final UpdatePolicy NONE = new UpdatePolicy(List.of());

  private final List<PolicyRule> rules;

  UpdatePolicy(List<PolicyRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Whether some granting rule is about this requester: else it may change nothing. */
  public boolean mayTry(InetAddress source, Name signer) {
    return rules.stream().anyMatch(r -> r.grant() && r.identifies(source, signer));
  }

  /** Whether this requester may add or delete records of {@code type} at {@code owner}. */
  public boolean allows(InetAddress source, Name signer, Name owner, int type) {
    for (PolicyRule r : rules) {
      if (r.identifies(source, signer) && r.covers(owner, type)) {
        return r.grant();
      }
    }
    return false;
  }

  /** This policy's rules, then {@code later}'s. */
  public UpdatePolicy and(UpdatePolicy later) {
    List<PolicyRule> all = new java.util.ArrayList<>(rules);
    all.addAll(later.rules);
    return new UpdatePolicy(all);
  }

  public int size() {
    return rules.size();
  }

  /** The rules that grant by address alone, which anyone who can forge a source address has, as text. */
  public List<String> byAddress() {
    return rules.stream().filter(r -> r.grant() && r.key() == null).map(PolicyRule::toString).toList();
  }

  @Override
  public String toString() {
    return rules.toString();
  }
}
