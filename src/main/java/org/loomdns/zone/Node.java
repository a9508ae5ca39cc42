package org.loomdns.zone;

import java.util.List;

/**
 * The record sets at one name, and how many names exist one label below it. A node with no sets
 * is an empty non-terminal: the name exists (something lives below it) but owns nothing. The
 * count is what lets {@link ZoneEditor} tell, when a name's last set goes, whether the name goes
 * too, without a scan of the zone.
 */
public final class Node {

  private final RecordSet[] sets;
  /**
   * Written only while {@link ZoneBuilder} or {@link ZoneEditor} makes the zone that holds this
   * node, before the zone is published; read-only after. An editor never changes a node an older
   * version holds: it makes a new one.
   */
  int children;

  Node(List<RecordSet> sets) {
    this(sets.toArray(RecordSet[]::new), 0);
  }

  Node(RecordSet[] sets, int children) {
    this.sets = sets;
    this.children = children;
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

  /** How many names exist one label below this one. */
  public int children() {
    return children;
  }

  /** The sets without a copy, for {@link ZoneDiff}'s scan of every node; never modified. */
  RecordSet[] setArray() {
    return sets;
  }

  public List<RecordSet> sets() {
    return List.of(sets);
  }
}
