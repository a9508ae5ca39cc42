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

  public Zone build() throws ZoneLoadException {
    if (origin == null) {
      throw new ZoneLoadException(source, "no SOA record: a zone starts with one SOA at its origin");
    }
    Map<Name, LinkedHashMap<Integer, List<Record>>> byName = new LinkedHashMap<>(records.size() * 2);
    SOARecord soa = null;
    int count = 0;
    for (int i = 0; i < records.size(); i++) {
      Record r = records.get(i);
      Name name = r.getName();
      if (!name.subdomain(origin)) {
        throw new ZoneLoadException(at(i), name + " is outside the zone " + origin);
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
      var types = byName.computeIfAbsent(name, n -> new LinkedHashMap<>(4));
      List<Record> set = types.computeIfAbsent(r.getType(), t -> new ArrayList<>(1));
      if (set.contains(r)) {
        continue; // Record.equals ignores the TTL: the same data twice is one record, as in BIND.
      }
      if (!set.isEmpty() && (r.getType() == Type.CNAME || r.getType() == Type.DNAME)) {
        throw new ZoneLoadException(at(i), "a second " + Type.string(r.getType()) + " at " + name
            + "; a name has at most one");
      }
      if (!set.isEmpty() && r.getTTL() != set.get(0).getTTL() && r.getType() != Type.RRSIG) {
        // As BIND and Knot do: one RRset, one TTL, the first one written. Each RRSIG keeps the
        // TTL of the RRset it covers (RFC 4034 section 3).
        set.add(Record.newRecord(name, r.getType(), r.getDClass(), set.get(0).getTTL(),
            r.rdataToWireCanonical()));
      } else {
        set.add(r);
      }
      count++;
      checkCnameAlone(types, name, i);
    }
    if (soa == null) {
      throw new ZoneLoadException(source, "no SOA record for " + origin);
    }
    if (!byName.get(origin).containsKey(Type.NS)) {
      throw new ZoneLoadException(source, "no NS records at the apex " + origin);
    }
    // In the order the names came (a transfer's or a file's): mostly canonical, so sorting for AXFR is cheap.
    Map<Name, Node> nodes = new LinkedHashMap<>(byName.size() * 2);
    for (var e : byName.entrySet()) {
      List<RecordSet> sets = new ArrayList<>(e.getValue().size());
      for (var t : e.getValue().entrySet()) {
        List<Record> rs = t.getValue();
        sets.add(new RecordSet(e.getKey(), t.getKey(), rs.get(0).getTTL(), rs));
      }
      nodes.put(e.getKey(), new Node(sets));
    }
    for (Name name : byName.keySet()) {
      linkToParents(nodes, name);
    }
    return new Zone(origin, soa, nodes, count, source);
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

  private void checkCnameAlone(Map<Integer, List<Record>> types, Name name, int i)
      throws ZoneLoadException {
    if (types.size() > 1 && types.containsKey(Type.CNAME)) {
      for (int t : types.keySet()) {
        if (t != Type.CNAME && t != Type.RRSIG && t != Type.NSEC) {
          throw new ZoneLoadException(at(i), name + " has a CNAME and other data ("
              + Type.string(t) + "); a CNAME must stand alone (RFC 1034 section 3.6.2)");
        }
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
