package org.loomdns.zone;

import java.util.List;

/**
 * The record sets at one name. A node with no sets is an empty non-terminal: the name exists
 * (something lives below it) but owns nothing.
 */
public final class Node {

  static final Node EMPTY = new Node(List.of());

  private final RecordSet[] sets;

  Node(List<RecordSet> sets) {
    this.sets = sets.toArray(RecordSet[]::new);
  }

  /** The set of {@code type}, or null. A node holds a handful of types, so a scan beats a map. */
  public RecordSet get(int type) {
    for (RecordSet s : sets) {
      if (s.type() == type) {
        return s;
      }
    }
    return null;
  }

  public boolean has(int type) {
    return get(type) != null;
  }

  public boolean isEmptyNonTerminal() {
    return sets.length == 0;
  }

  /** The sets without a copy, for {@link ZoneDiff}'s scan of every node; never modified. */
  RecordSet[] setArray() {
    return sets;
  }

  public List<RecordSet> sets() {
    return List.of(sets);
  }
}
