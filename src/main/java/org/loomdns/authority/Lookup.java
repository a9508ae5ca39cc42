package org.loomdns.authority;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.loomdns.chain.Outcome;
import org.loomdns.zone.Node;
import org.loomdns.zone.RecordSet;
import org.loomdns.zone.Zone;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * One authoritative lookup, RFC 1034 section 4.3.2 step by step, with negative answers per RFC
 * 2308, wildcards per RFC 4592, DNAME per RFC 6672 and the rcode of a CNAME chain per RFC 6604;
 * with the DO bit, the signatures and denial proofs of a pre-signed zone ({@link Denial}).
 * Lives for one query only, so its lists need no locking.
 */
final class Lookup {

  /** A longer CNAME/DNAME chain is cut short; RFC 1034 asks servers to stop loops somehow. */
  static final int MAX_CHAIN = 16;

  private static final Name WILD = Name.fromConstantString("*");
  private static final int[] ADDRESS_TYPES = {Type.A, Type.AAAA};

  private final ZoneSet zones;
  private final List<Record> answer = new ArrayList<>(4);
  private final List<Record> authority = new ArrayList<>(2);
  private final Name qname;
  private final boolean dnssec;
  /** The names a chain has visited, made only when a CNAME or DNAME is followed. */
  private Set<Name> seen;
  private int rcode = Rcode.NOERROR;
  private boolean authoritative = true;
  private boolean first = true;

  private Lookup(ZoneSet zones, Name qname, boolean dnssec) {
    this.zones = zones;
    this.qname = qname;
    this.dnssec = dnssec;
  }

  /** The answer to {@code qname}/{@code qtype}; {@code dnssecOk} (the DO bit) adds RRSIGs and proofs. */
  static Outcome.Answer answer(ZoneSet zones, Zone zone, Name qname, int qtype, boolean dnssecOk) {
    Lookup lookup = new Lookup(zones, qname, dnssecOk);
    lookup.resolveIn(zone, qname, qtype);
    return new Outcome.Answer(lookup.rcode, lookup.authoritative, lookup.answer,
        lookup.authority, lookup.additional());
  }

  /**
   * The zone that answers {@code qname}: the one with the longest origin, except that DS at a
   * zone's apex is the parent's to answer (RFC 4035 section 3.1.4.1) when we serve the parent too.
   */
  static Zone zoneFor(ZoneSet zones, Name qname, int qtype) {
    Zone zone = zones.find(qname);
    if (zone != null && qtype == Type.DS && qname.labels() > 1 && qname.equals(zone.origin())) {
      Zone parent = zones.find(new Name(qname, 1));
      if (parent != null) {
        return parent;
      }
    }
    return zone;
  }

  private void resolveIn(Zone zone, Name qname, int qtype) {
    int below = qname.labels() - zone.origin().labels();
    Name closest = null;
    Node closestNode = null;
    for (int strip = below; strip >= 0; strip--) {
      Name name = strip == 0 ? qname : new Name(qname, strip);
      Node node = zone.node(name);
      if (node == null) {
        break;
      }
      closest = name;
      closestNode = node;
      boolean apex = strip == below;
      // The parent side answers DS at a cut (RFC 4035 section 3.1.4.1); all else at or below a cut is referred.
      if (!apex && node.has(Type.NS) && !(strip == 0 && qtype == Type.DS)) {
        referral(zone, node, name);
        return;
      }
      if (strip > 0 && node.has(Type.DNAME)) {
        dname(qname, qtype, node);
        return;
      }
    }
    if (closest != null && closest.labels() == qname.labels()) {
      answerAt(zone, qname, qtype, closestNode, null);
      return;
    }
    Name source = closest == null ? null : wildcardOf(closest);
    Node wildcard = source == null ? null : zone.node(source);
    if (wildcard != null) {
      answerAt(zone, qname, qtype, wildcard, closest);
    } else {
      negative(zone, Rcode.NXDOMAIN);
      if (dnssec) {
        Denial.nxdomain(authority, zone, qname, closest);
      }
    }
  }

  /**
   * Answers from {@code node}, owned by qname: an exact match, or the source of synthesis when
   * {@code closest} (the closest encloser, whose wildcard it is) is not null.
   */
  private void answerAt(Zone zone, Name qname, int qtype, Node node, Name closest) {
    first = false;
    if (qtype == Type.ANY && !node.isEmptyNonTerminal()) {
      for (RecordSet set : node.sets()) {
        answer.addAll(set.ownedBy(qname));
      }
      provenWildcard(zone, qname, closest);
      return;
    }
    RecordSet set = node.get(qtype);
    if (set != null) {
      put(answer, node, set, qname);
      provenWildcard(zone, qname, closest);
      return;
    }
    RecordSet cname = node.get(Type.CNAME);
    // RRSIG and NSEC live beside a CNAME (RFC 4035 section 2.5), so a query for them is answered
    // at the CNAME's own name.
    if (cname != null && qtype != Type.RRSIG && qtype != Type.NSEC) {
      put(answer, node, cname, qname);
      provenWildcard(zone, qname, closest);
      chase(((CNAMERecord) cname.first()).getTarget(), qtype);
      return;
    }
    negative(zone, Rcode.NOERROR);
    if (dnssec && closest == null) {
      Denial.nodata(authority, zone, qname);
    } else if (dnssec) {
      Denial.wildcardNodata(authority, zone, qname, closest);
    }
  }

  /** With DO, the proof that no closer name than the wildcard below {@code closest} matched. */
  private void provenWildcard(Zone zone, Name qname, Name closest) {
    if (dnssec && closest != null) {
      Denial.wildcardAnswer(authority, zone, qname, closest);
    }
  }

  /** Adds {@code set} owned by {@code owner} to {@code section}, with its signatures when DO asks. */
  private void put(List<Record> section, Node node, RecordSet set, Name owner) {
    section.addAll(set.ownedBy(owner));
    if (dnssec) {
      Denial.sign(section, node, set.type(), owner);
    }
  }

  private void dname(Name qname, int qtype, Node node) {
    first = false;
    RecordSet dnameSet = node.get(Type.DNAME);
    DNAMERecord dname = (DNAMERecord) dnameSet.first();
    put(answer, node, dnameSet, dnameSet.name());
    Name target;
    try {
      target = qname.fromDNAME(dname);
    } catch (NameTooLongException e) {
      rcode = Rcode.YXDOMAIN;
      return;
    }
    answer.add(new CNAMERecord(qname, DClass.IN, dname.getTTL(), target));
    if (qtype != Type.CNAME) {
      // The synthesized CNAME is itself the answer to a CNAME query (RFC 1034 section 4.3.2 step 3a).
      chase(target, qtype);
    }
  }

  /** Restarts at a CNAME or DNAME target when one of our zones holds it; ends loops. */
  private void chase(Name target, int qtype) {
    if (seen == null) {
      seen = new HashSet<>(8);
      seen.add(qname);
    }
    if (!seen.add(target) || seen.size() > MAX_CHAIN) {
      return;
    }
    Zone next = zoneFor(zones, target, qtype);
    if (next != null) {
      resolveIn(next, target, qtype);
    }
  }

  /** A referral to the cut at {@code cut}; with DO, its DS and their signatures or the proof it has none. */
  private void referral(Zone zone, Node node, Name cut) {
    if (first) {
      authoritative = false;
    }
    first = false;
    authority.addAll(node.get(Type.NS).records());
    RecordSet ds = node.get(Type.DS);
    if (dnssec && ds != null) {
      put(authority, node, ds, cut);
    } else if (dnssec) {
      Denial.noDs(authority, zone, cut);
    }
  }

  private void negative(Zone zone, int code) {
    rcode = code;
    authority.add(zone.negativeSoa());
    if (dnssec) {
      Denial.signSoa(authority, zone);
    }
  }

  /**
   * A and AAAA for the targets of NS, MX and SRV records in the answer and of the NS records of a
   * referral, from our zones. Glue below a cut counts for NS targets only.
   */
  private List<Record> additional() {
    Set<Name> targets = null;
    Set<Name> glueTargets = null;
    for (List<Record> section : List.of(answer, authority)) {
      for (Record r : section) {
        switch (r) {
          case NSRecord ns -> glueTargets = with(glueTargets, ns.getTarget());
          case MXRecord mx -> targets = with(targets, mx.getTarget());
          case SRVRecord srv -> targets = with(targets, srv.getTarget());
          default -> { }
        }
      }
    }
    if (targets == null && glueTargets == null) {
      return List.of();
    }
    List<Record> out = new ArrayList<>();
    if (glueTargets != null) {
      for (Name t : glueTargets) {
        addAddresses(out, t, true);
      }
    }
    if (targets != null) {
      for (Name t : targets) {
        if (glueTargets == null || !glueTargets.contains(t)) {
          addAddresses(out, t, false);
        }
      }
    }
    return out;
  }

  /** Most answers name no server, so the sets are made on first use. */
  private static Set<Name> with(Set<Name> set, Name name) {
    Set<Name> out = set == null ? new LinkedHashSet<>(4) : set;
    out.add(name);
    return out;
  }

  private void addAddresses(List<Record> out, Name target, boolean glue) {
    Zone zone = zones.find(target);
    if (zone == null) {
      return;
    }
    Node node = glue ? zone.node(target) : null;
    if (node == null) {
      node = authoritativeNode(zone, target);
    }
    if (node == null) {
      return;
    }
    for (int type : ADDRESS_TYPES) {
      RecordSet set = node.get(type);
      if (set != null) {
        put(out, node, set, target);
      }
    }
  }

  /**
   * The node that answers for {@code name}: its own, or the wildcard at its closest encloser when
   * it does not exist (RFC 4592); null when a zone cut or DNAME above it hides it.
   */
  private static Node authoritativeNode(Zone zone, Name name) {
    int below = name.labels() - zone.origin().labels();
    Name closest = zone.origin();
    for (int strip = below - 1; strip >= 0; strip--) {
      Name at = strip == 0 ? name : new Name(name, strip);
      Node node = zone.node(at);
      if (node == null) {
        Name source = wildcardOf(closest);
        return source == null ? null : zone.node(source);
      }
      if (node.has(Type.NS) || (strip > 0 && node.has(Type.DNAME))) {
        return null;
      }
      closest = at;
    }
    return zone.node(name);
  }

  /** The source of synthesis below the closest encloser, or null when it would be too long. */
  private static Name wildcardOf(Name closest) {
    try {
      return Name.concatenate(WILD, closest);
    } catch (NameTooLongException e) {
      return null;
    }
  }
}
