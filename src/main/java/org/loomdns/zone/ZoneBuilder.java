package org.loomdns.zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Collects a zone's records, each with where it was written, and checks them the way
 * named-checkzone does before {@link #build()} hands out an immutable {@link Zone}. Every mistake
 * names the file and line of the record at fault.
 */
public final class ZoneBuilder {

  private final String source;
  private Name origin;
  private final List<Record> records = new ArrayList<>();
  private final List<String> files = new ArrayList<>();
  private int[] lines = new int[64];

  /**
   * @param source the zone's main file, named in errors that belong to no single record
   * @param origin the origin, or null to take the SOA's owner
   */
  public ZoneBuilder(String source, Name origin) {
    this.source = source;
    this.origin = origin;
  }

  /** Adds one record read at {@code file}:{@code line} (line 0 when not known). */
  public ZoneBuilder add(Record record, String file, int line) throws ZoneLoadException {
    if (record.getDClass() != DClass.IN) {
      throw new ZoneLoadException(where(file, line),
          "class " + DClass.string(record.getDClass()) + " is not served; zones hold class IN only");
    }
    if (record.getType() == Type.SOA && origin == null) {
      origin = record.getName();
    }
    if (records.size() == lines.length) {
      lines = Arrays.copyOf(lines, lines.length * 2);
    }
    lines[records.size()] = line;
    records.add(record);
    files.add(file);
    return this;
  }

  /**
   * Checks the records and makes the zone. A file writes a name's records together, so the name
   * is looked up once per run of its records, not once per record; each name's sets are gathered
   * in a small list of types rather than a map of its own.
   */
  public Zone build() throws ZoneLoadException {
    if (origin == null) {
      throw new ZoneLoadException(source, "no SOA record: a zone starts with one SOA at its origin");
    }
    Map<Name, Owner> byName = HashMap.newHashMap(records.size());
    List<Owner> owners = new ArrayList<>();
    Owner owner = null;
    SOARecord soa = null;
    int count = 0;
    for (int i = 0; i < records.size(); i++) {
      Record r = records.get(i);
      Name name = r.getName();
      if (owner == null || !owner.name.equals(name)) {
        owner = byName.get(name);
        if (owner == null) {
          if (!name.subdomain(origin)) {
            throw new ZoneLoadException(at(i), name + " is outside the zone " + origin);
          }
          owner = new Owner(name);
          byName.put(name, owner);
          owners.add(owner);
        }
      }
      if (r instanceof SOARecord s) {
        if (!name.equals(origin)) {
          throw new ZoneLoadException(at(i), "SOA at " + name + ", but the zone's origin is " + origin);
        }
        if (soa != null && !soa.rdataToString().equals(s.rdataToString())) {
          throw new ZoneLoadException(at(i), "a second SOA record; a zone has exactly one");
        }
        soa = s;
      }
      List<Record> set = owner.set(r.getType());
      if (set == null) {
        owner.add(r);
        checkCnameAlone(owner, i);
        count++;
        continue;
      }
      if (SameData.containsData(set, r)) {
        continue; // The same data twice, whatever the TTL, is one record, as in BIND.
      }
      if (r.getType() == Type.CNAME || r.getType() == Type.DNAME) {
        throw new ZoneLoadException(at(i), "a second " + Type.string(r.getType()) + " at " + name
            + "; a name has at most one");
      }
      if (r.getTTL() != set.get(0).getTTL() && r.getType() != Type.RRSIG) {
        // As BIND and Knot do: one RRset, one TTL, the first one written. Each RRSIG keeps the
        // TTL of the RRset it covers (RFC 4034 section 3).
        set.add(Record.newRecord(name, r.getType(), r.getDClass(), set.get(0).getTTL(),
            r.rdataToWireCanonical()));
      } else {
        set.add(r);
      }
      count++;
    }
    if (soa == null) {
      throw new ZoneLoadException(source, "no SOA record for " + origin);
    }
    if (byName.get(origin).set(Type.NS) == null) {
      throw new ZoneLoadException(source, "no NS records at the apex " + origin);
    }
    // In the order the names came (a transfer's or a file's): mostly canonical, so sorting for AXFR is cheap.
    Map<Name, Node> nodes = LinkedHashMap.newLinkedHashMap(owners.size() + owners.size() / 8);
    for (Owner o : owners) {
      nodes.put(o.name, o.node());
    }
    Node apex = nodes.get(origin);
    for (Owner o : owners) {
      if (o.name.labels() == origin.labels() + 1) {
        apex.children++;
      } else {
        linkToParents(nodes, o.name);
      }
    }
    return new Zone(origin, soa, nodes, count, source);
  }

  /** One name's sets as they are gathered: a handful of types, each with its records. */
  private static final class Owner {
    final Name name;
    final List<List<Record>> sets = new ArrayList<>(2);

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
  private void checkCnameAlone(Owner owner, int i) throws ZoneLoadException {
    if (owner.sets.size() < 2 || owner.set(Type.CNAME) == null) {
      return;
    }
    for (List<Record> set : owner.sets) {
      int t = set.get(0).getType();
      if (t != Type.CNAME && t != Type.RRSIG && t != Type.NSEC) {
        throw new ZoneLoadException(at(i), owner.name + " has a CNAME and other data ("
            + Type.string(t) + "); a CNAME must stand alone (RFC 1034 section 3.6.2)");
      }
    }
  }

  /**
   * Where the first record of {@code name} and {@code type} was written, or the zone's file when
   * none was: for reports about a built zone, such as {@link DnssecCheck}'s.
   */
  public String where(Name name, int type) {
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).getType() == type && records.get(i).getName().equals(name)) {
        return at(i);
      }
    }
    return source;
  }

  /** Where record {@code i} was written; made only for an error, never for every record. */
  private String at(int i) {
    return where(files.get(i), lines[i]);
  }

  private static String where(String file, int line) {
    return line > 0 ? file + ":" + line : file;
  }
}
