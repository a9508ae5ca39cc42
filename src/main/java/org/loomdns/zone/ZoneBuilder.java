package org.loomdns.zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Gathers a zone's records into names and sets as they are added, checking each the way
 * named-checkzone does, so that {@link #build()} only links names and hands out an immutable
 * {@link Zone}: a transfer is built while it arrives, with no list of its records kept. Every
 * mistake names the file and line of the record at fault.
 */
public final class ZoneBuilder {

  private final String source;
  private Name origin;
  /**
   * Every owner, in the order the names came (a transfer's or a file's): mostly canonical, so
   * sorting for AXFR is cheap. Each value is an {@link Owner} while its records come, turned into
   * the zone's {@link Node} as soon as a record of another name comes, while it is still in the
   * cache (a name that comes again is turned back): the zone keeps this map, and no second one
   * is made, nor a second walk over it.
   */
  private final NameMap<Object> byName = new NameMap<>();
  /** The files records came from, each once: a set's place holds an index into these. */
  private final List<String> files = new ArrayList<>();
  /**
   * Where each set's first record was written (see {@link #place}), by owner and set: kept for
   * {@link #where} when asked for, else only for names that came before the origin was known.
   */
  private final Map<Name, long[]> places = new HashMap<>();
  private final boolean keepPlaces;
  private boolean built;
  /** The owner of the last record: a file or transfer writes a name's records together. */
  private Owner last;
  private SOARecord soa;
  private int count;
  /** Whether owners came before the origin was known (a file whose SOA is not first): checked at build. */
  private boolean unplaced;
  /** Names one label below the origin, and the names deeper, counted as they come (unless unplaced). */
  private int apexChildren;
  private final List<Name> deeper = new ArrayList<>();

  /**
   * @param source the zone's main file, named in errors that belong to no single record
   * @param origin the origin, or null to take the SOA's owner
   */
  public ZoneBuilder(String source, Name origin) {
    this(source, origin, false);
  }

  /** @param keepPlaces whether {@link #where} is to name each set's line, at the cost of a map of them all */
  public ZoneBuilder(String source, Name origin, boolean keepPlaces) {
    this.source = source;
    this.origin = origin;
    this.keepPlaces = keepPlaces;
  }

  /** Adds one record read at {@code file}:{@code line} (line 0 when not known), refusing it at once when it does not fit. */
  public ZoneBuilder add(Record record, String file, int line) throws ZoneLoadException {
    if (built) {
      throw new IllegalStateException("this zone was built already");
    }
    if (record.getDClass() != DClass.IN) {
      throw new ZoneLoadException(where(file, line),
          "class " + DClass.string(record.getDClass()) + " is not served; zones hold class IN only");
    }
    Record r = record;
    if (r instanceof SOARecord s) {
      if (origin == null) {
        origin = s.getName();
      }
      if (!s.getName().equals(origin)) {
        throw new ZoneLoadException(where(file, line), "SOA at " + s.getName() + ", but the zone's origin is " + origin);
      }
      if (soa != null && !soa.rdataToString().equals(s.rdataToString())) {
        throw new ZoneLoadException(where(file, line), "a second SOA record; a zone has exactly one");
      }
    }
    Owner owner = ownerOf(r, file, line);
    if (r.getName() != owner.name) {
      // One Name for all the owner's records: the transfer's copy of it, decompressed anew for each, goes.
      r = r.withName(owner.name);
    }
    if (soa == null && r instanceof SOARecord s) {
      soa = s;
    }
    List<Record> set = owner.set(r.getType());
    if (set == null) {
      owner.add(r);
      place(owner, file, line);
      checkCnameAlone(owner, file, line);
      count++;
      return this;
    }
    if (SameData.containsData(set, r)) {
      return this; // The same data twice, whatever the TTL, is one record, as in BIND.
    }
    if (r.getType() == Type.CNAME || r.getType() == Type.DNAME) {
      throw new ZoneLoadException(where(file, line), "a second " + Type.string(r.getType()) + " at " + owner.name
          + "; a name has at most one");
    }
    if (r.getTTL() != set.get(0).getTTL() && r.getType() != Type.RRSIG) {
      // As BIND and Knot do: one RRset, one TTL, the first one written. Each RRSIG keeps the
      // TTL of the RRset it covers (RFC 4034 section 3).
      set.add(Record.newRecord(owner.name, r.getType(), r.getDClass(), set.get(0).getTTL(),
          r.rdataToWireCanonical()));
    } else {
      set.add(r);
    }
    count++;
    return this;
  }

  /** The owner of {@code r}: the last record's when the name is the same, else looked up once, else made. */
  private Owner ownerOf(Record r, String file, int line) throws ZoneLoadException {
    Name name = r.getName();
    if (last != null) {
      if (NameMap.same(last.name, name)) {
        return last;
      }
      byName.setValueAt(last.index, last.node());
    }
    // Most names are new: one lookup that adds, rather than a miss and then an add.
    Owner fresh = new Owner(name);
    int at = byName.addIfAbsent(name, fresh);
    Owner owner;
    if (at >= 0) {
      owner = fresh;
      if (origin == null) {
        unplaced = true;
      } else if (!name.subdomain(origin)) {
        throw new ZoneLoadException(where(file, line), name + " is outside the zone " + origin);
      } else if (name.labels() == origin.labels() + 1) {
        apexChildren++;
      } else if (name.labels() > origin.labels() + 1) {
        deeper.add(name);
      }
    } else {
      at = -1 - at;
      owner = byName.valueAt(at) instanceof Node node ? Owner.reopen(node) : (Owner) byName.valueAt(at);
      byName.setValueAt(at, owner);
    }
    owner.index = at;
    last = owner;
    return owner;
  }

  /**
   * Keeps where {@code owner}'s newest set's first record was written: the file's index and the
   * line in one long, -1 for the zone's source with no line. A transfer's records all are that,
   * so for a transfer nothing is kept at all.
   */
  private void place(Owner owner, String file, int line) {
    if (!keepPlaces && !unplaced) {
      return;
    }
    long[] kept = places.get(owner.name);
    if (line <= 0 && source.equals(file) && kept == null) {
      return;
    }
    int sets = owner.sets.size();
    long[] grown = kept == null ? new long[sets] : Arrays.copyOf(kept, sets);
    if (kept == null) {
      Arrays.fill(grown, -1);
    }
    if (line <= 0 && source.equals(file)) {
      grown[sets - 1] = -1;
    } else {
      int f = files.lastIndexOf(file);
      if (f < 0) {
        f = files.size();
        files.add(file);
      }
      grown[sets - 1] = ((long) f << 32) | (line & 0xffffffffL);
    }
    places.put(owner.name, grown);
  }

  /** Checks what only the whole zone tells, links every name to its parent, and makes the zone; once. */
  @SuppressWarnings("unchecked")
  public Zone build() throws ZoneLoadException {
    if (built) {
      throw new IllegalStateException("this zone was built already");
    }
    if (origin == null) {
      throw new ZoneLoadException(source, "no SOA record: a zone starts with one SOA at its origin");
    }
    if (unplaced) {
      for (Name name : byName.keySet()) {
        if (!name.subdomain(origin)) {
          throw new ZoneLoadException(at(name, 0), name + " is outside the zone " + origin);
        }
      }
    }
    if (soa == null) {
      throw new ZoneLoadException(source, "no SOA record for " + origin);
    }
    if (last != null) {
      byName.setValueAt(last.index, last.node());
      last = null;
    }
    if (!((Node) byName.get(origin)).has(Type.NS)) {
      throw new ZoneLoadException(source, "no NS records at the apex " + origin);
    }
    built = true;
    Map<Name, Node> nodes = (Map<Name, Node>) (Map<Name, ?>) byName;
    Node apex = nodes.get(origin);
    if (unplaced) {
      apexChildren = 0;
      deeper.clear();
      int below = origin.labels() + 1;
      for (Name name : nodes.keySet()) {
        if (name.labels() == below) {
          apexChildren++;
        } else if (name.labels() > below) {
          deeper.add(name);
        }
      }
    }
    apex.children += apexChildren;
    // Linking adds empty non-terminals to the map, so not while walking it.
    for (Name name : deeper) {
      linkToParents(nodes, name);
    }
    return new Zone(origin, soa, nodes, count, source);
  }

  /** One name's sets as they are gathered: a handful of types, each with its records. */
  private static final class Owner {
    final Name name;
    final List<List<Record>> sets = new ArrayList<>(2);
    /** The name's index in the map, where its node goes when its records end. */
    int index;

    Owner(Name name) {
      this.name = name;
    }

    List<Record> set(int type) {
      for (List<Record> set : sets) {
        if (set.get(0).getType() == type) {
          return set;
        }
      }
      return null;
    }

    void add(Record first) {
      List<Record> set = new ArrayList<>(1);
      set.add(first);
      sets.add(set);
    }

    /** The owner again of a name whose node was made, because more of its records came. */
    static Owner reopen(Node node) {
      RecordSet[] made = node.setArray();
      Owner owner = new Owner(made[0].name());
      for (RecordSet rs : made) {
        owner.sets.add(new ArrayList<>(rs.records()));
      }
      return owner;
    }

    Node node() {
      RecordSet[] made = new RecordSet[sets.size()];
      for (int i = 0; i < made.length; i++) {
        List<Record> rs = sets.get(i);
        // Most sets hold one record: List.of makes it once, where RecordSet's copy would make it again.
        made[i] = new RecordSet(name, rs.get(0).getType(), rs.get(0).getTTL(), rs.size() == 1 ? List.of(rs.get(0)) : rs);
      }
      return new Node(made, 0);
    }
  }

  /**
   * Counts {@code name} as a child of its parent, and makes the parent an empty non-terminal
   * when it owns nothing, going up until a parent already existed: each node is counted once.
   */
  private void linkToParents(Map<Name, Node> nodes, Name name) {
    for (Name child = name; child.labels() > origin.labels(); ) {
      Name parent = new Name(child, 1);
      Node p = nodes.get(parent);
      if (p != null) {
        p.children++;
        return;
      }
      nodes.put(parent, new Node(new RecordSet[0], 1));
      child = parent;
    }
  }

  /** A CNAME stands alone: checked as each new type comes to {@code owner}. */
  private static void checkCnameAlone(Owner owner, String file, int line) throws ZoneLoadException {
    if (owner.sets.size() < 2 || owner.set(Type.CNAME) == null) {
      return;
    }
    for (List<Record> set : owner.sets) {
      int t = set.get(0).getType();
      if (t != Type.CNAME && t != Type.RRSIG && t != Type.NSEC) {
        throw new ZoneLoadException(where(file, line), owner.name + " has a CNAME and other data ("
            + Type.string(t) + "); a CNAME must stand alone (RFC 1034 section 3.6.2)");
      }
    }
  }

  /**
   * Where the first record of {@code name} and {@code type} was written, or the zone's file when
   * none was or the builder was not made to keep places: for reports about a built zone, such as
   * {@link DnssecCheck}'s.
   */
  public String where(Name name, int type) {
    Object o = byName.get(name);
    if (o instanceof Owner owner) {
      for (int i = 0; i < owner.sets.size(); i++) {
        if (owner.sets.get(i).get(0).getType() == type) {
          return at(name, i);
        }
      }
    } else if (o instanceof Node node) {
      RecordSet[] sets = node.setArray();
      for (int i = 0; i < sets.length; i++) {
        if (sets[i].type() == type) {
          return at(name, i);
        }
      }
    }
    return source;
  }

  /** Where the first record of {@code name}'s set {@code i} was written: its sets keep their order in its node. */
  private String at(Name name, int i) {
    long[] kept = places.get(name);
    long place = kept == null ? -1 : kept[i];
    return place == -1 ? source : where(files.get((int) (place >>> 32)), (int) place);
  }

  private static String where(String file, int line) {
    return line > 0 ? file + ":" + line : file;
  }
}
