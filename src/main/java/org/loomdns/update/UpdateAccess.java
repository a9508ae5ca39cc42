package org.loomdns.update;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.loomdns.acl.Acl;
import org.loomdns.net.Cidr;
import org.loomdns.tsig.TsigKeys;
import org.xbill.DNS.Name;

/**
 * Who may update: {@code --allow-update} entries may change anything in our zones; the
 * {@code --update-policy} file's rules may change what they grant. Nobody, when neither is given.
 *
 * @param byAddress the {@code --allow-update} entries that are address ranges, to warn about
 */
public record UpdateAccess(Acl allowUpdate, List<String> byAddress, UpdatePolicy policy) {

  public static final UpdateAccess NOBODY = new UpdateAccess(Acl.NOBODY, List.of(), UpdatePolicy.NONE);

  public UpdateAccess {
    byAddress = List.copyOf(byAddress);
  }

  /**
   * {@code --allow-update} entries: a TSIG key ({@code NAME} or {@code key:NAME}, one that
   * {@code keys} defines) or an address range; and the policy (or {@link UpdatePolicy#NONE}).
   */
  public static UpdateAccess parse(List<String> entries, TsigKeys keys, UpdatePolicy policy) {
    List<String> acl = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    for (String entry : entries) {
      String e = entry.trim();
      if (e.regionMatches(true, 0, "key:", 0, 4)) {
        acl.add(e);
      } else if (isRange(e)) {
        acl.add(e);
        addresses.add(e);
      } else {
        acl.add("key:" + e);
      }
    }
    return new UpdateAccess(Acl.parse(acl, keys, "--allow-update"), addresses, policy);
  }

  private static boolean isRange(String entry) {
    try {
      Cidr.parse(entry);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public boolean isEmpty() {
    return allowUpdate.isEmpty() && policy.size() == 0;
  }

  /** Whether this requester may change anything at all; else it is refused before the zone is read. */
  public boolean mayTry(InetAddress source, Name signer) {
    return allowUpdate.allows(source, signer) || policy.mayTry(source, signer);
  }

  /** Whether this requester may add or delete records of {@code type} at {@code owner}. */
  public boolean allows(InetAddress source, Name signer, Name owner, int type) {
    return allowUpdate.allows(source, signer) || policy.allows(source, signer, owner, type);
  }
}
