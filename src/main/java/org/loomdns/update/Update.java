package org.loomdns.update;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.loomdns.zone.Node;
import org.loomdns.zone.RecordSet;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneEditor;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;
import org.xbill.DNS.Type;

/**
 * One UPDATE (RFC 2136) against one version of its zone: the prerequisites (section 3.2), who may
 * change each record (3.3), the prescan (3.4.1) and the changes (3.4.2), then the SOA serial,
 * raised once. Pure: it reads the version given and makes the next one, publishing nothing.
 *
 * @param prerequisites the message's second section; {@code changes} its third
 */
record Update(Name origin, List<Record> prerequisites, List<Record> changes, InetAddress source, Name signer) {

  /**
   * What one update came to: its rcode, the new version when it changed the zone, and why it was
   * refused or failed, for the log (null when it was not).
   */
  record Result(int rcode, ZoneEditor.Edit edit, String why) {
    static Result of(int rcode) {
      return new Result(rcode, null, null);
    }

    static Result failed(int rcode, String why) {
      return new Result(rcode, null, why);
    }
  }

  Update {
    prerequisites = List.copyOf(prerequisites);
    changes = List.copyOf(changes);
  }

  /** Applies this update to {@code head}, the version the updates before it left. */
  Result applyTo(Zone head, UpdateAccess access) {
    int rcode = prerequisitesOn(head);
    if (rcode != Rcode.NOERROR) {
      return Result.of(rcode);
    }
    Result refused = prescan(head, access);
    if (refused != null) {
      return refused;
    }
    ZoneEditor editor = head.edit();
    SOARecord soa = null;
    boolean touched = false;
    for (Record rr : changes) {
      if (rr.getType() == Type.SOA && rr.getDClass() == DClass.IN) {
        // RFC 2136 3.4.2.2: only the apex's, and only a later serial (RFC 1982) replaces it.
        SOARecord given = (SOARecord) rr;
        long now = soa != null ? soa.getSerial() : head.serial();
        if (rr.getName().equals(origin) && Serial.compare(given.getSerial(), now) > 0) {
          soa = given;
        }
      } else {
        touched |= change(editor, rr);
      }
    }
    if (!touched && soa == null) {
      return Result.of(Rcode.NOERROR);
    }
    try {
      ZoneEditor.Edit edit = editor.commit(nextSoa(head.soa(), soa));
      boolean changed = soa != null || !edit.diff().added().isEmpty() || !edit.diff().deleted().isEmpty();
      return new Result(Rcode.NOERROR, changed ? edit : null, null);
    } catch (ZoneLoadException e) {
      // The rules below keep a CNAME alone and the apex's NS; what is left is a zone that broke them already.
      return Result.failed(Rcode.SERVFAIL, "the zone's own checks failed: " + e.getMessage());
    }
  }

  /** The version's SOA with its serial raised by one (RFC 1982, skipping 0 as BIND does), or {@code given}. */
  static SOARecord nextSoa(SOARecord current, SOARecord given) {
    SOARecord base = given != null ? given : current;
    long serial = given != null ? given.getSerial() : Serial.increment(current.getSerial());
    if (serial == 0) {
      serial = 1;
    }
    return new SOARecord(current.getName(), DClass.IN, base.getTTL(), base.getHost(), base.getAdmin(), serial,
        base.getRefresh(), base.getRetry(), base.getExpire(), base.getMinimum());
  }

  /** RFC 2136 section 3.2: NOERROR when every prerequisite holds, else the rcode of the first that does not. */
  private int prerequisitesOn(Zone zone) {
    Map<Name, Map<Integer, Set<Record>>> wanted = new HashMap<>();
    for (Record rr : prerequisites) {
      if (rr.getTTL() != 0) {
        return Rcode.FORMERR;
      }
      if (!rr.getName().subdomain(origin)) {
        return Rcode.NOTZONE;
      }
      int type = rr.getType();
      Node node = zone.node(rr.getName());
      boolean inUse = node != null && !node.isEmptyNonTerminal();
      switch (rr.getDClass()) {
        case DClass.ANY -> {
          if (hasData(rr)) {
            return Rcode.FORMERR;
          }
          if (type == Type.ANY ? !inUse : node == null || !node.has(type)) {
            return type == Type.ANY ? Rcode.NXDOMAIN : Rcode.NXRRSET;
          }
        }
        case DClass.NONE -> {
          if (hasData(rr)) {
            return Rcode.FORMERR;
          }
          if (type == Type.ANY ? inUse : node != null && node.has(type)) {
            return type == Type.ANY ? Rcode.YXDOMAIN : Rcode.YXRRSET;
          }
        }
        case DClass.IN -> {
          if (!Type.isRR(type)) {
            return Rcode.FORMERR;
          }
          wanted.computeIfAbsent(rr.getName(), n -> new HashMap<>())
              .computeIfAbsent(type, t -> new HashSet<>()).add(rr);
        }
        default -> {
          return Rcode.FORMERR;
        }
      }
    }
    for (Map.Entry<Name, Map<Integer, Set<Record>>> byName : wanted.entrySet()) {
      for (Map.Entry<Integer, Set<Record>> byType : byName.getValue().entrySet()) {
        RecordSet set = zone.node(byName.getKey()) == null ? null : zone.node(byName.getKey()).get(byType.getKey());
        // Record.equals compares owner, type, class and data: the TTL is not part of the question.
        if (set == null || !new HashSet<>(set.records()).equals(byType.getValue())) {
          return Rcode.NXRRSET;
        }
      }
    }
    return Rcode.NOERROR;
  }

  /** RFC 2136 section 3.4.1 with 3.3's check of each record: null, or the result of the first bad record. */
  private Result prescan(Zone zone, UpdateAccess access) {
    for (Record rr : changes) {
      int type = rr.getType();
      if (!rr.getName().subdomain(origin)) {
        return Result.of(Rcode.NOTZONE);
      }
      boolean wellFormed = switch (rr.getDClass()) {
        case DClass.IN -> Type.isRR(type);
        case DClass.ANY -> rr.getTTL() == 0 && !hasData(rr) && (Type.isRR(type) || type == Type.ANY);
        case DClass.NONE -> rr.getTTL() == 0 && Type.isRR(type);
        default -> false;
      };
      if (!wellFormed) {
        return Result.of(Rcode.FORMERR);
      }
      for (int t : typesTouched(zone, rr)) {
        if (!access.allows(source, signer, rr.getName(), t)) {
          return Result.failed(Rcode.REFUSED, (signer == null ? "an unsigned request" : "key " + signer)
              + " from " + source.getHostAddress() + " may not change " + rr.getName() + " " + Type.string(t));
        }
      }
    }
    return null;
  }

  /** The types a record would change: its own, or for "delete all sets at a name" every type there. */
  private static List<Integer> typesTouched(Zone zone, Record rr) {
    if (rr.getType() != Type.ANY) {
      return List.of(rr.getType());
    }
    Node node = zone.node(rr.getName());
    List<Integer> types = new ArrayList<>();
    if (node != null) {
      node.sets().forEach(s -> types.add(s.type()));
    }
    return types;
  }

  /** RFC 2136 section 3.4.2 for one record; true when it changed the edit. */
  private boolean change(ZoneEditor editor, Record rr) {
    Name name = rr.getName();
    int type = rr.getType();
    boolean apex = name.equals(origin);
    switch (rr.getDClass()) {
      case DClass.IN -> {
        Node node = editor.node(name);
        if (node != null && (type == Type.CNAME ? hasOtherThanCname(node) : node.has(Type.CNAME) && !isDnssec(type))) {
          return false; // 3.4.2.2: a CNAME does not join other data, nor other data a CNAME
        }
        return editor.add(rr);
      }
      case DClass.ANY -> {
        if (type != Type.ANY) {
          return !(apex && (type == Type.NS || type == Type.SOA)) && type != Type.SOA && editor.deleteSet(name, type);
        }
        Node node = editor.node(name);
        boolean changed = false;
        for (RecordSet s : node == null ? List.<RecordSet>of() : node.sets()) {
          if (s.type() != Type.SOA && !(apex && s.type() == Type.NS)) {
            changed |= editor.deleteSet(name, s.type());
          }
        }
        return changed;
      }
      default -> {
        if (type == Type.SOA) {
          return false;
        }
        Record in = Record.newRecord(name, type, DClass.IN, 0, rr.rdataToWireCanonical());
        if (apex && type == Type.NS) {
          RecordSet ns = editor.set(name, Type.NS);
          if (ns != null && ns.records().size() == 1 && ns.first().equals(in)) {
            return false; // the zone's last NS stays
          }
        }
        return editor.delete(in);
      }
    }
  }

  private static boolean hasOtherThanCname(Node node) {
    return node.sets().stream().anyMatch(s -> s.type() != Type.CNAME && !isDnssec(s.type()));
  }

  /** RFC 4035 section 2.5: a CNAME may have its signature and NSEC beside it. */
  private static boolean isDnssec(int type) {
    return type == Type.RRSIG || type == Type.NSEC;
  }

  /** Whether the record came with data: in an update's sections an empty one means "any". */
  private static boolean hasData(Record rr) {
    return rr.rdataToWireCanonical().length > 0;
  }
}
