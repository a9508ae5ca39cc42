package org.loomdns.signing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.loomdns.chain.Generation;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.Resolver;
import org.loomdns.zone.WhiteLies;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A stage whose answers are signed when the query has DO: each RRset owned by a name in a zone we
 * hold keys for gets that zone's ZSK signatures, cached by {@link ZoneKeys} per RRset, so a rule
 * answering the same records again costs no signing. A DNSKEY query at such a zone's apex is
 * answered here, from the keys. In such a zone every name is ours: a negative answer of the rules,
 * or a question no rule answers (which gets NODATA: a rule may answer that name for another type,
 * and NODATA denies no name that exists), carries the zone's SOA, the one a rule gives for it or
 * one made here, and with DO the NSEC3 white lies that prove it. The rules' names are not known
 * beforehand, so a denied name's parent stands as its closest encloser.
 */
public final class SignedAnswers implements Resolver {

  /** The SOA of a rule zone whose rules give none: its values are BIND's defaults for a new zone. */
  private static final long SOA_TTL = 3600;

  private final Resolver stage;
  private final Keyring keys;

  public SignedAnswers(Resolver stage, Keyring keys) {
    this.stage = stage;
    this.keys = keys;
  }

  @Override
  public String name() {
    return stage.name();
  }

  @Override
  public Generation passesWhile() {
    return stage.passesWhile();
  }

  @Override
  public boolean recurses() {
    return stage.recurses();
  }

  @Override
  public Outcome resolve(Query query) throws Exception {
    ZoneKeys zone = keys.keysFor(query.name());
    if (zone == null) {
      return stage.resolve(query);
    }
    if (query.type() == Type.DNSKEY && query.name().equals(zone.origin())) {
      List<Record> answer = new ArrayList<>(zone.dnskeys());
      if (query.dnssecOk()) {
        answer.addAll(zone.sign(new RRset(zone.dnskeys())));
      }
      return new Outcome.Answer(Rcode.NOERROR, true, answer, List.of(), List.of());
    }
    Outcome outcome = stage.resolve(query);
    if (outcome instanceof Outcome.Pass) {
      outcome = query.type() == Type.SOA && query.name().equals(zone.origin())
          ? new Outcome.Answer(Rcode.NOERROR, true, List.of(madeSoa(zone.origin())), List.of(), List.of())
          : new Outcome.Answer(Rcode.NOERROR, true, List.of(), List.of(), List.of());
    }
    if (!(outcome instanceof Outcome.Answer a)) {
      return outcome;
    }
    Name cut = cutOf(a, zone.origin());
    if (cut != null) {
      return referral(query, zone, a, cut);
    }
    boolean negative = a.rcode() == Rcode.NXDOMAIN || (a.rcode() == Rcode.NOERROR && a.answer().isEmpty()
        && a.authority().stream().noneMatch(r -> r.getType() == Type.NS));
    List<Record> authority = a.authority();
    if (negative && authority.stream().noneMatch(r -> r.getType() == Type.SOA)) {
      authority = new ArrayList<>(authority);
      authority.add(soa(query, zone.origin()));
    }
    if (!query.dnssecOk()) {
      return authority == a.authority() ? a
          : new Outcome.Answer(a.rcode(), a.authoritative(), a.answer(), authority, a.additional());
    }
    List<Record> signedAuthority = new ArrayList<>(signed(authority));
    if (negative) {
      deny(signedAuthority, zone, query, a.rcode() == Rcode.NXDOMAIN);
    }
    return new Outcome.Answer(a.rcode(), a.authoritative(), signed(a.answer()), signedAuthority,
        signed(a.additional()));
  }

  /**
   * A rule's referral to {@code cut} as the parent side of a cut gives it (RFC 4035 section 3.1.4):
   * the NS set and glue unsigned, since the child owns them; the DS set signed, or with DO the
   * proof that there is none (the cut holds NS and no DS: an insecure delegation). A DS question
   * at the cut is the parent's to answer: the DS set, or NODATA with that proof.
   */
  private Outcome referral(Query query, ZoneKeys zone, Outcome.Answer a, Name cut) throws Exception {
    List<Record> ds = a.authority().stream().filter(r -> r.getType() == Type.DS && r.getName().equals(cut)).toList();
    boolean dsAtCut = query.type() == Type.DS && query.name().equals(cut);
    if (dsAtCut && !ds.isEmpty()) {
      return new Outcome.Answer(Rcode.NOERROR, true, query.dnssecOk() ? signed(ds) : ds, List.of(), List.of());
    }
    if (dsAtCut) {
      SOARecord soa = soa(query, zone.origin());
      List<Record> authority = new ArrayList<>(List.of(soa));
      if (query.dnssecOk()) {
        authority = new ArrayList<>(signed(authority));
        lies(zone, soa.getTTL(), cut).nodata(authority, cut);
      }
      return new Outcome.Answer(Rcode.NOERROR, true, List.of(), authority, List.of());
    }
    if (!query.dnssecOk()) {
      return a;
    }
    List<Record> authority = new ArrayList<>(a.authority().stream().filter(r -> r.getType() != Type.DS).toList());
    if (ds.isEmpty()) {
      lies(zone, soa(query, zone.origin()).getTTL(), cut).nodata(authority, cut);
    } else {
      authority.addAll(signed(ds));
    }
    return new Outcome.Answer(Rcode.NOERROR, false, List.of(), authority, a.additional());
  }

  /** The cut a rule's answer refers to: the owner of its NS set when it is a referral below {@code origin}, else null. */
  private static Name cutOf(Outcome.Answer a, Name origin) {
    if (!a.isReferral()) {
      return null;
    }
    return a.authority().stream().filter(r -> r.getType() == Type.NS).map(Record::getName)
        .filter(n -> n.subdomain(origin) && !n.equals(origin)).findFirst().orElse(null);
  }

  /** White lies in which {@code cut} holds an NS set and nothing else, with the TTL of the zone's negative answers. */
  private static WhiteLies lies(ZoneKeys zone, long ttl, Name cut) {
    return new WhiteLies(zone.origin(), ttl, zone, name -> name.equals(cut) ? new int[] {Type.NS} : new int[0]);
  }

  /**
   * The white lies proving {@code query}'s name absent (NXDOMAIN: its parent stands as the closest
   * encloser, and the wildcard there is denied too) or without the type asked (NODATA). The apex
   * is stated to hold the SOA and DNSKEY sets it always has here, any other name nothing; never
   * the type asked.
   */
  private static void deny(List<Record> out, ZoneKeys zone, Query query, boolean nxdomain) {
    Name origin = zone.origin();
    long ttl = out.stream().filter(r -> r instanceof SOARecord).map(r -> ((SOARecord) r).getMinimum())
        .findFirst().orElse(SOA_TTL);
    WhiteLies lies = new WhiteLies(origin, ttl, zone, name -> name.equals(origin)
        ? IntStream.of(Type.SOA, Type.DNSKEY, Type.RRSIG).filter(t -> t != query.type()).toArray() : new int[0]);
    if (nxdomain && !query.name().equals(origin)) {
      lies.nxdomain(out, query.name(), new Name(query.name(), 1));
    } else {
      lies.nodata(out, query.name());
    }
  }

  /** The SOA the rules give for {@code origin}, or one made here when they give none. */
  private SOARecord soa(Query query, Name origin) throws Exception {
    Message ask = Message.newQuery(Record.newRecord(origin, Type.SOA, DClass.IN));
    Outcome o = stage.resolve(new Query(ask, ask.getQuestion(), query.client(), query.transport()));
    if (o instanceof Outcome.Answer a) {
      for (Record r : a.answer()) {
        if (r instanceof SOARecord soa && r.getName().equals(origin)) {
          return negativeTtl(soa);
        }
      }
    }
    return negativeTtl(madeSoa(origin));
  }

  private static SOARecord madeSoa(Name origin) {
    return new SOARecord(origin, DClass.IN, SOA_TTL, origin, Name.fromConstantString("hostmaster." + origin),
        1, SOA_TTL, 900, 1_209_600, 300);
  }

  /** {@code soa} with the TTL of a negative answer's (RFC 2308 section 3: the lesser of its TTL and MINIMUM). */
  private static SOARecord negativeTtl(SOARecord soa) {
    long ttl = Math.min(soa.getTTL(), soa.getMinimum());
    return ttl == soa.getTTL() ? soa : new SOARecord(soa.getName(), soa.getDClass(), ttl, soa.getHost(),
        soa.getAdmin(), soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
  }

  /** {@code section} with the signatures of each of its RRsets in a zone we hold keys for after it. */
  private List<Record> signed(List<Record> section) {
    if (section.isEmpty()) {
      return section;
    }
    Map<List<Object>, RRset> sets = new LinkedHashMap<>();
    for (Record r : section) {
      if (r.getType() != Type.RRSIG) {
        sets.computeIfAbsent(List.of(r.getName(), r.getType(), r.getDClass()), k -> new RRset()).addRR(r);
      }
    }
    List<Record> out = new ArrayList<>(section.size() * 2);
    for (RRset set : sets.values()) {
      out.addAll(set.rrs(false));
      ZoneKeys zone = keys.keysFor(set.getName());
      if (zone != null) {
        out.addAll(zone.sign(set));
      }
    }
    return out;
  }
}
