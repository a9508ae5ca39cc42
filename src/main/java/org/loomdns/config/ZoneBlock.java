package org.loomdns.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A {@code zone 'NAME' { ... }} block: the zone's file and what is said for this zone alone.
 * A list that is null was not given, and the zone takes the server-wide setting; an empty one
 * (say {@code notify()}) says none for this zone.
 *
 * @param format "bind" or "pyzone"
 * @param notifyTargets NOTIFY targets as {@code --notify} takes them
 * @param allowTransfer entries as {@code --allow-transfer} takes them
 * @param allowUpdate entries as {@code --allow-update} takes them, for this zone's names only
 * @param policy grant and deny rules as an update policy file declares them
 * @param where the file and line of the block
 */
public record ZoneBlock(String name, Path file, String format, List<String> notifyTargets, List<String> allowTransfer,
    List<String> allowUpdate, List<PolicyCall> policy, String where) {

  /** One {@code grant(...)} or {@code deny(...)} of a zone block, with its file and line. */
  public record PolicyCall(boolean grant, Map<String, Object> options, String where) {
    public PolicyCall {
      options = Map.copyOf(options);
    }
  }

  public ZoneBlock {
    notifyTargets = notifyTargets == null ? null : List.copyOf(notifyTargets);
    allowTransfer = allowTransfer == null ? null : List.copyOf(allowTransfer);
    allowUpdate = List.copyOf(allowUpdate);
    policy = List.copyOf(policy);
  }
}
