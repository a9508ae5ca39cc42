package org.loomdns.zone;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * The names of a version an editor made: the nodes of an older, flat version shared as they are,
 * and the changes since on top. A change to a zone of a million names then costs what it changed,
 * not a copy of the million; the changes are folded into a new flat map once they grow past about
 * the square root of the zone's size, which keeps both a lookup and an edit cheap. Immutable.
 * Iterates in the flat version's order, then the names added since, as a copy of it would.
 */
final class LayeredNodes extends AbstractMap<Name, Node> {

  /** In {@link #changes}, a name of the flat version that no longer exists. */
  private static final Node REMOVED = new Node(new RecordSet[0], 0);

  private final Map<Name, Node> flat;
  private final Map<Name, Node> changes;
  private final int size;

  private LayeredNodes(Map<Name, Node> flat, Map<Name, Node> changes, int size) {
    this.flat = flat;
    this.changes = changes;
    this.size = size;
  }

  /**
   * The names of {@code nodes} (a flat map or a layered one) with {@code edits} made: each name
   * to its new node, or to null when it went.
   */
  static Map<Name, Node> of(Map<Name, Node> nodes, Map<Name, Node> edits) {
    Map<Name, Node> flat = nodes;
    Map<Name, Node> changes = LinkedHashMap.newLinkedHashMap(edits.size());
    if (nodes instanceof LayeredNodes layered) {
      flat = layered.flat;
      changes = LinkedHashMap.newLinkedHashMap(layered.changes.size() + edits.size());
      changes.putAll(layered.changes);
    }
    int size = nodes.size();
    for (Map.Entry<Name, Node> e : edits.entrySet()) {
      Name name = e.getKey();
      boolean was = nodes.get(name) != null;
      boolean is = e.getValue() != null;
      size += (is ? 1 : 0) - (was ? 1 : 0);
      if (is) {
        changes.put(name, e.getValue());
      } else if (flat.containsKey(name)) {
        changes.put(name, REMOVED);
      } else {
        changes.remove(name);
      }
    }
    LayeredNodes made = new LayeredNodes(flat, changes, size);
    return changes.size() > foldAt(flat.size()) ? NameMap.copyOf(made) : made;
  }

  /**
   * How many changes a layer holds before it is folded: each edit copies the changes, each fold
   * copies the zone, and this balances the two.
   */
  private static int foldAt(int flatSize) {
    return Math.max(64, (int) Math.sqrt(2.0 * flatSize));
  }

  @Override
  public Node get(Object name) {
    Node n = changes.get(name);
    if (n == null) {
      return flat.get(name);
    }
    return n == REMOVED ? null : n;
  }

  @Override
  public boolean containsKey(Object name) {
    return get(name) != null;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Map.Entry<Name, Node>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<Name, Node>> iterator() {
        return new Entries();
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** The flat version's names with their changes, then the names it did not have. */
  private final class Entries implements Iterator<Map.Entry<Name, Node>> {
    private final Iterator<Map.Entry<Name, Node>> old = flat.entrySet().iterator();
    private final Iterator<Map.Entry<Name, Node>> added = changes.entrySet().iterator();
    private Map.Entry<Name, Node> next = advance();

    private Map.Entry<Name, Node> advance() {
      while (old.hasNext()) {
        Map.Entry<Name, Node> e = old.next();
        Node changed = changes.get(e.getKey());
        if (changed == null) {
          return e;
        }
        if (changed != REMOVED) {
          return Map.entry(e.getKey(), changed);
        }
      }
      while (added.hasNext()) {
        Map.Entry<Name, Node> e = added.next();
        if (e.getValue() != REMOVED && !flat.containsKey(e.getKey())) {
          return e;
        }
      }
      return null;
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Map.Entry<Name, Node> next() {
      Map.Entry<Name, Node> e = next;
      if (e == null) {
        throw new NoSuchElementException();
      }
      next = advance();
      return e;
    }
  }
}
