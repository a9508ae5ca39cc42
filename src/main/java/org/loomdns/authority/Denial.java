package org.loomdns.authority;

import java.util.List;
import org.loomdns.zone.DenialIndex;
import org.loomdns.zone.Node;
import org.loomdns.zone.RecordSet;
import org.loomdns.zone.Zone;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The DNSSEC records of a pre-signed zone's answers to a query with the DO bit: the RRSIGs of
 * each RRset (RFC 4035 section 3.1.1) and the proofs that a name or type does not exist, or that
 * an answer came from a wildcard, or that a delegation has no DS: with NSEC (RFC 4035 sections
 * 3.1.3 and 3.1.4.1) or NSEC3 (RFC 5155 section 7.2, opt-out included). A zone with no chain gets
 * no proof. Records are read from the zone as they were signed; a zone signed online has its
 * proofs made at query time instead ({@link WhiteLies}).
 */
final class Denial {

  private static final Name WILD = Name.fromConstantString("*");

  private Denial() {}

  /**
   * Adds to {@code out} the RRSIGs at {@code node} that cover {@code type}, owned by
   * {@code owner} (the query name when the node is a wildcard's: their labels field tells).
   */
  static void sign(List<Record> out, Node node, int type, Name owner) {
    RecordSet sigs = node.get(Type.RRSIG);
    if (sigs == null || type == Type.RRSIG) {
      return;
    }
    for (Record r : sigs.ownedBy(owner)) {
      if (((RRSIGRecord) r).getTypeCovered() == type) {
        out.add(r);
      }
    }
  }

  /** The SOA's signatures at the TTL of the negative answer's SOA, as RFC 4035 section 3.1.3 wants them beside it. */
  static void signSoa(List<Record> out, Zone zone) {
    Node apex = zone.node(zone.origin());
    RecordSet sigs = apex.get(Type.RRSIG);
    if (sigs == null) {
      return;
    }
    long ttl = zone.negativeSoa().getTTL();
    for (Record r : sigs.records()) {
      if (((RRSIGRecord) r).getTypeCovered() == Type.SOA) {
        out.add(r.getTTL() == ttl ? r
            : Record.newRecord(r.getName(), r.getType(), r.getDClass(), ttl, r.rdataToWireCanonical()));
      }
    }
  }

  /** NXDOMAIN: {@code qname} does not exist below {@code closest}, nor does a wildcard there. */
  static void nxdomain(List<Record> out, Zone zone, Name qname, Name closest) {
    if (zone.signer() != null) {
      zone.whiteLies().nxdomain(out, qname, closest);
      return;
    }
    DenialIndex index = zone.denial();
    if (index.nsec3()) {
      Name encloser = closestEncloser(out, zone, index, qname);
      nsec3(out, zone, index.nsec3Covering(wildcard(encloser)));
    } else if (index.nsec()) {
      nsec(out, zone, index.nsecFor(qname));
      nsec(out, zone, index.nsecFor(wildcard(closest)));
    }
  }

  /** NODATA at a name that exists (an empty non-terminal, or a cut asked for its DS). */
  static void nodata(List<Record> out, Zone zone, Name qname) {
    if (zone.signer() != null) {
      zone.whiteLies().nodata(out, qname);
      return;
    }
    DenialIndex index = zone.denial();
    if (index.nsec3()) {
      Name match = index.nsec3Matching(qname);
      if (match != null) {
        nsec3(out, zone, match);
      } else {
        // Opt-out (RFC 5155 section 7.2.4): an insecure delegation or the empty non-terminal
        // above one has no NSEC3; the closest provable encloser and an opt-out span cover it.
        closestEncloser(out, zone, index, qname);
      }
    } else if (index.nsec()) {
      nsec(out, zone, index.nsecFor(qname));
    }
  }

  /** NODATA at {@code qname} through the wildcard below {@code closest}, which lacks the type. */
  static void wildcardNodata(List<Record> out, Zone zone, Name qname, Name closest) {
    if (zone.signer() != null) {
      zone.whiteLies().wildcardNodata(out, qname, closest);
      return;
    }
    DenialIndex index = zone.denial();
    if (index.nsec3()) {
      Name encloser = closestEncloser(out, zone, index, qname);
      nsec3(out, zone, index.nsec3Matching(wildcard(encloser)));
    } else if (index.nsec()) {
      nsec(out, zone, index.nsecFor(qname));
      nsec(out, zone, index.nsecFor(wildcard(closest)));
    }
  }

  /** An answer synthesized from the wildcard below {@code closest}: no closer name matched. */
  static void wildcardAnswer(List<Record> out, Zone zone, Name qname, Name closest) {
    if (zone.signer() != null) {
      zone.whiteLies().wildcardAnswer(out, qname, closest);
      return;
    }
    DenialIndex index = zone.denial();
    if (index.nsec3()) {
      nsec3(out, zone, index.nsec3Covering(new Name(qname, qname.labels() - closest.labels() - 1)));
    } else if (index.nsec()) {
      nsec(out, zone, index.nsecFor(qname));
    }
  }

  /** A referral to {@code cut}, which has no DS: the child is not signed, or opted out. */
  static void noDs(List<Record> out, Zone zone, Name cut) {
    nodata(out, zone, cut);
  }

  /**
   * RFC 5155 section 7.2.1: the NSEC3 matching the closest ancestor of {@code name} that has one,
   * and the NSEC3 covering the next closer name below it. Returns the closest encloser.
   */
  private static Name closestEncloser(List<Record> out, Zone zone, DenialIndex index, Name name) {
    DenialIndex.Nsec3Proof proof = index.closestEncloser(name, zone.origin().labels());
    if (proof == null) {
      return zone.origin();
    }
    nsec3(out, zone, proof.matching());
    nsec3(out, zone, proof.covering());
    return proof.encloser();
  }

  private static void nsec(List<Record> out, Zone zone, Name owner) {
    add(out, zone, owner, Type.NSEC);
  }

  private static void nsec3(List<Record> out, Zone zone, Name owner) {
    add(out, zone, owner, Type.NSEC3);
  }

  /** The {@code type} RRset at {@code owner} and its signatures, unless {@code out} has them already. */
  private static void add(List<Record> out, Zone zone, Name owner, int type) {
    if (owner == null) {
      return;
    }
    for (Record r : out) {
      if (r.getType() == type && r.getName().equals(owner)) {
        return;
      }
    }
    Node node = zone.node(owner);
    RecordSet set = node == null ? null : node.get(type);
    if (set != null) {
      out.addAll(set.records());
      sign(out, node, type, owner);
    }
  }

  /** The wildcard below {@code closest}; the closest encloser itself when that would be too long. */
  private static Name wildcard(Name closest) {
    try {
      return Name.concatenate(WILD, closest);
    } catch (NameTooLongException e) {
      return closest;
    }
  }
}
