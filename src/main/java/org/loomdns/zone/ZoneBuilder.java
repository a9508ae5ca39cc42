package org.loomdns.zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
  /** Every owner, in the order the names came (a transfer's or a file's): mostly canonical, so sorting for AXFR is cheap. */
  private final Map<Name, Owner> byName = new LinkedHashMap<>();
  /** The files records came from, each once: a set's place holds an index into these. */
  private final List<String> files = new ArrayList<>();
  /** The owner of the last record: a file or transfer writes a name's records together. */
  private Owner last;
  private SOARecord soa;
  private int count;
  /** Whether owners came before the origin was known (a file whose SOA is not first): checked at build. */
  private boolean unplaced;

  /**
   * @param source the zone's main file, named in errors that belong to no single record
   * @param origin the origin, or null to take the SOA's owner
   */
  public ZoneBuilder(String source, Name origin) {
    this.source = source;
    this.origin = origin;
  }

  /** Adds one record read at {@code file}:{@code line} (line 0 when not known), refusing it at once when it does not fit. */
  public ZoneBuilder add(Record record, String file, int line) throws ZoneLoadException {
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
      owner.add(r, place(file, line));
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
    if (last != null && last.name.equals(name)) {
      return last;
    }
    Owner owner = byName.get(name);
    if (owner == null) {
      if (origin == null) {
        unplaced = true;
      } else if (!name.subdomain(origin)) {
        throw new ZoneLoadException(where(file, line), name + " is outside the zone " + origin);
      }
      owner = new Owner(name);
      byName.put(name, owner);
    }
    last = owner;
    return owner;
  }

  /**
   * Where a set's first record was written, as the file's index and the line in one long, or -1
   * for the zone's source with no line (a transfer's records): then no place is kept at all.
   */
  private long place(String file, int line) {
    if (line <= 0 && source.equals(file)) {
      return -1;
    }
    int f = files.lastIndexOf(file);
    if (f < 0) {
      f = files.size();
      files.add(file);
    }
    return ((long) f << 32) | (line & 0xffffffffL);
  }

  /** Checks what only the whole zone tells, links every name to its parent, and makes the zone. */
  public Zone build() throws ZoneLoadException {
    if (origin == null) {
      throw new ZoneLoadException(source, "no SOA record: a zone starts with one SOA at its origin");
    }
    if (unplaced) {
      for (Owner o : byName.values()) {
        if (!o.name.subdomain(origin)) {
          throw new ZoneLoadException(at(o, 0), o.name + " is outside the zone " + origin);
        }
      }
    }
    if (soa == null) {
      throw new ZoneLoadException(source, "no SOA record for " + origin);
    }
    if (byName.get(origin).set(Type.NS) == null) {
      throw new ZoneLoadException(source, "no NS records at the apex " + origin);
    }
    Map<Name, Node> nodes = LinkedHashMap.newLinkedHashMap(byName.size() + byName.size() / 8);
    for (Owner o : byName.values()) {
      nodes.put(o.name, o.node());
    }
    Node apex = nodes.get(origin);
    for (Owner o : byName.values()) {
      if (o.name.labels() == origin.labels() + 1) {
        apex.children++;
      } else if (o.name.labels() > origin.labels()) {
        linkToParents(nodes, o.name);
      }
    }
    return new Zone(origin, soa, nodes, count, source);
  }

  /** One name's sets as they are gathered: a handful of types, each with its records and where its first was written. */
  private static final class Owner {
    final Name name;
    final List<List<Record>> sets = new ArrayList<>(2);
    /** Each set's place (see {@link #place}); null while every one is -1, as in a transfer. */
    long[] places;

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

    void add(Record first, long place) {
      List<Record> set = new ArrayList<>(1);
      set.add(first);
      sets.add(set);
      if (place != -1 && places == null) {
        places = new long[sets.size()];
        Arrays.fill(places, -1);
      }
      if (places != null) {
        places = Arrays.copyOf(places, sets.size());
        places[sets.size() - 1] = place;
      }
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
   * none was: for reports about a built zone, such as {@link DnssecCheck}'s.
   */
  public String where(Name name, int type) {
    Owner o = byName.get(name);
    if (o == null) {
      return source;
    }
    for (int i = 0; i < o.sets.size(); i++) {
      if (o.sets.get(i).get(0).getType() == type) {
        return at(o, i);
      }
    }
    return source;
  }

  /** Where the first record of {@code owner}'s set {@code i} was written. */
  private String at(Owner owner, int i) {
    long place = owner.places == null ? -1 : owner.places[i];
    return place == -1 ? source : where(files.get((int) (place >>> 32)), (int) place);
  }

  private static String where(String file, int line) {
    return line > 0 ? file + ":" + line : file;
  }
}
