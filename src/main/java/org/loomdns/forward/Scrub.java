package org.loomdns.forward;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Keeps of an upstream's reply only the records that answer its question, as Unbound's scrubber
 * does (iter_scrub.c), so that an upstream, or whoever spoofs it, cannot plant records for other
 * names in our clients or our cache. The answer keeps the question's CNAME/DNAME chain and the
 * data at its end; the authority keeps one SOA and one NS RRset of a zone above the chain's last
 * name (no NS in a negative answer, whose NS only ever poisons) and, with DO, the NSEC, NSEC3 and
 * signatures of such a zone; the additional keeps the addresses of names that the kept NS, MX and
 * SRV records point to. Everything else is dropped.
 */
final class Scrub {

  /** CNAME and DNAME links followed at most; Unbound's iter-scrub-cname defaults to 11. */
  static final int MAX_CHAIN = 11;

  /** The kept sections. */
  record Sections(List<Record> answer, List<Record> authority, List<Record> additional) {}

  /** An RRset: its owner and type. */
  private record RRset(Name owner, int type) {}

  private Scrub() {}

  /**
   * The records of the three sections that answer {@code question} with this rcode; signatures,
   * NSEC and NSEC3 only when {@code dnssecOk}.
   */
  static Sections sections(Record question, int rcode, List<Record> answer, List<Record> authority,
      List<Record> additional, boolean dnssecOk) {
    int qtype = question.getType();
    int dclass = question.getDClass();
    Set<RRset> keep = new HashSet<>();
    Set<Record> links = Collections.newSetFromMap(new IdentityHashMap<>());
    Map<Record, Record> synthesized = new IdentityHashMap<>();
    // ANY is answered from the name itself (RFC 8482 lets a server answer it with one RRset).
    Name last = qtype == Type.ANY ? question.getName() : chain(question.getName(), qtype, answer, links, synthesized);
    links.forEach(r -> keep.add(new RRset(r.getName(), r.getType())));
    List<Record> keptAnswer = new ArrayList<>();
    for (Record r : answer) {
      boolean asked = r.getName().equals(last) && (r.getType() == qtype || qtype == Type.ANY);
      boolean ok = r instanceof RRSIGRecord sig
          ? dnssecOk && (keep.contains(new RRset(r.getName(), sig.getTypeCovered()))
              || (r.getName().equals(last) && (sig.getTypeCovered() == qtype || qtype == Type.ANY)))
          : asked || links.contains(r);
      if (ok && r.getDClass() == dclass) {
        keptAnswer.add(r);
        Record cname = synthesized.get(r);
        if (cname != null) {
          keptAnswer.add(cname);
        }
      }
    }
    boolean positive = false;
    for (Record r : keptAnswer) {
      positive |= r.getName().equals(last) && (r.getType() == qtype || (qtype == Type.ANY && r.getType() != Type.RRSIG));
    }
    boolean negative = rcode == Rcode.NXDOMAIN || (rcode == Rcode.NOERROR && !positive);
    List<Record> keptAuthority = authority(last, authority, dclass, negative, dnssecOk, keptAnswer);
    List<Record> keptAdditional = additional(keptAnswer, keptAuthority, additional, dclass, dnssecOk);
    return new Sections(keptAnswer, keptAuthority, keptAdditional);
  }

  /**
   * Follows the chain from {@code qname} through the answer's CNAMEs and DNAMEs, adding each link
   * to {@code links}; returns the chain's last name. A DNAME without the CNAME it implies gets one
   * made (in {@code synthesized}, by its DNAME), as Unbound does. A question for CNAME stops at
   * the first CNAME: that is its answer.
   */
  private static Name chain(Name qname, int qtype, List<Record> answer, Set<Record> links,
      Map<Record, Record> synthesized) {
    Name sname = qname;
    Set<Name> seen = new HashSet<>();
    for (int n = 0; n < MAX_CHAIN && seen.add(sname); n++) {
      Name at = sname;
      DNAMERecord dname = null;
      CNAMERecord cname = null;
      for (Record r : answer) {
        if (dname == null && r instanceof DNAMERecord d && at.subdomain(d.getName()) && !at.equals(d.getName())) {
          dname = d;
        } else if (cname == null && r instanceof CNAMERecord c && c.getName().equals(at)) {
          cname = c;
        }
      }
      if (dname != null) {
        try {
          sname = at.fromDNAME(dname);
        } catch (NameTooLongException e) {
          return at;
        }
        links.add(dname);
        if (cname != null && cname.getTarget().equals(sname)) {
          links.add(cname);
        } else {
          synthesized.put(dname, new CNAMERecord(at, dname.getDClass(), dname.getTTL(), sname));
        }
      } else if (cname != null && qtype != Type.CNAME) {
        links.add(cname);
        sname = cname.getTarget();
      } else {
        break;
      }
    }
    return sname;
  }

  /** Whether {@code r} is a kept RRset's record, or (with DO) its signature. */
  private static boolean kept(Record r, Set<RRset> keep, boolean dnssecOk) {
    if (r instanceof RRSIGRecord sig) {
      return dnssecOk && keep.contains(new RRset(r.getName(), sig.getTypeCovered()));
    }
    return keep.contains(new RRset(r.getName(), r.getType()));
  }

  private static List<Record> authority(Name last, List<Record> authority, int dclass, boolean negative,
      boolean dnssecOk, List<Record> keptAnswer) {
    Name soa = firstAbove(last, authority, Type.SOA);
    Name ns = negative ? null : firstAbove(last, authority, Type.NS);
    Set<RRset> keep = new HashSet<>();
    List<Name> zones = new ArrayList<>();
    if (soa != null) {
      keep.add(new RRset(soa, Type.SOA));
      zones.add(soa);
    }
    if (ns != null) {
      keep.add(new RRset(ns, Type.NS));
      zones.add(ns);
    }
    if (dnssecOk) {
      // A wildcard answer's proof comes without SOA or NS: its zone is the answer's signer.
      for (Record r : keptAnswer) {
        if (r instanceof RRSIGRecord sig && last.subdomain(sig.getSigner())) {
          zones.add(sig.getSigner());
        }
      }
      for (Record r : authority) {
        boolean denial = r.getType() == Type.NSEC || r.getType() == Type.NSEC3;
        if (denial && under(r.getName(), zones)) {
          keep.add(new RRset(r.getName(), r.getType()));
        }
      }
    }
    return kept(authority, dclass, keep, dnssecOk);
  }

  private static boolean under(Name name, List<Name> zones) {
    for (Name zone : zones) {
      if (name.subdomain(zone)) {
        return true;
      }
    }
    return false;
  }

  /** The records of {@code records} in {@code dclass} that {@link #kept(Record, Set, boolean)}. */
  private static List<Record> kept(List<Record> records, int dclass, Set<RRset> keep, boolean dnssecOk) {
    List<Record> out = new ArrayList<>(records.size());
    for (Record r : records) {
      if (r.getDClass() == dclass && kept(r, keep, dnssecOk)) {
        out.add(r);
      }
    }
    return out;
  }

  /** The owner of the first RRset of {@code type} whose owner is {@code last} or above it. */
  private static Name firstAbove(Name last, List<Record> records, int type) {
    for (Record r : records) {
      if (r.getType() == type && last.subdomain(r.getName())) {
        return r.getName();
      }
    }
    return null;
  }

  private static List<Record> additional(List<Record> answer, List<Record> authority, List<Record> additional,
      int dclass, boolean dnssecOk) {
    Set<RRset> keep = new HashSet<>();
    for (List<Record> section : List.of(answer, authority)) {
      for (Record r : section) {
        Name target = r.getType() == Type.NS || r.getType() == Type.MX || r.getType() == Type.SRV
            ? r.getAdditionalName() : null;
        if (target != null) {
          keep.add(new RRset(target, Type.A));
          keep.add(new RRset(target, Type.AAAA));
        }
      }
    }
    return kept(additional, dclass, keep, dnssecOk);
  }
}
