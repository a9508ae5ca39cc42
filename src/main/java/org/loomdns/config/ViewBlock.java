package org.loomdns.config;

import java.util.List;

/**
 * A {@code view 'NAME' { matchClients ...; zone ...; secondary ... }} block: the clients it
 * answers, as an access list's entries ({@code any} and {@code none} besides addresses, CIDRs and
 * {@code key:NAME}), its zone blocks and its secondary zones.
 *
 * @param secondaries the view's secondary zones as {@code --secondary} values, one per primary
 * @param where the file and line of the block
 */
public record ViewBlock(String name, List<String> matchClients, List<ZoneBlock> zones, List<String> secondaries,
    String where) {

  public ViewBlock {
    matchClients = List.copyOf(matchClients);
    zones = List.copyOf(zones);
    secondaries = List.copyOf(secondaries);
  }
}
