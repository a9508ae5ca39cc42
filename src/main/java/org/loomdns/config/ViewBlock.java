package org.loomdns.config;

import java.util.List;

/**
 * A {@code view 'NAME' { matchClients ...; zone ... }} block: the clients it answers, as an
 * access list's entries ({@code any} and {@code none} besides addresses, CIDRs and
 * {@code key:NAME}), and its zone blocks.
 *
 * @param where the file and line of the block
 */
public record ViewBlock(String name, List<String> matchClients, List<ZoneBlock> zones, String where) {

  public ViewBlock {
    matchClients = List.copyOf(matchClients);
    zones = List.copyOf(zones);
  }
}
