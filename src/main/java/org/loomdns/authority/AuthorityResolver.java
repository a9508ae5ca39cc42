package org.loomdns.authority;

import java.util.List;
import java.util.function.Function;
import org.loomdns.acl.Acl;
import org.loomdns.chain.Generation;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.Question;
import org.loomdns.chain.Resolver;
import org.loomdns.chain.Reusable;
import org.loomdns.chain.ReusableAnswers;
import org.loomdns.chain.Transport;
import org.loomdns.net.Cidr;
import org.loomdns.zone.Zone;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The authority stage: answers every name inside our zones and passes the rest. It reads the
 * zones from {@link ServedZones}, the only shared state it reads, once per query.
 */
public final class AuthorityResolver implements Resolver, ReusableAnswers {

  private final ServedZones zones;
  private final Function<Name, Acl> transferAllowed;

  /**
   * Serves {@code zones}; {@code transferAllowed} may AXFR them over TCP and IXFR them (the
   * increments {@link ServedZones} keeps; over UDP only when they fit, see {@link Ixfr}).
   */
  public AuthorityResolver(ServedZones zones, Acl transferAllowed) {
    this(zones, origin -> transferAllowed);
  }

  /**
   * As above, with who may transfer each zone given by its origin; asked at each transfer, so what
   * it answers may change while we serve.
   */
  public AuthorityResolver(ServedZones zones, Function<Name, Acl> transferAllowed) {
    this.zones = zones;
    this.transferAllowed = transferAllowed;
  }

  public AuthorityResolver(ServedZones zones, List<Cidr> transferAllowed) {
    this(zones, Acl.of(transferAllowed));
  }

  /** Serves a fixed set of zones. */
  public AuthorityResolver(ZoneSet zones, List<Cidr> transferAllowed) {
    this(new ServedZones(zones), Acl.of(transferAllowed));
  }

  @Override
  public String name() {
    return "authority";
  }

  public ServedZones served() {
    return zones;
  }

  /** The zones: a name outside them now stays outside until they are replaced. */
  @Override
  public Generation passesWhile() {
    return zones.current().generation();
  }

  /**
   * Every answer from the zones depends on the question and the zone set alone, reusable until
   * the set is replaced; transfers (an ACL, a transport) and expired zones are left to
   * {@link #resolve}.
   */
  @Override
  public Reusable answerFor(Question question) {
    ZoneSet set = zones.current();
    int qtype = question.type();
    Zone zone = Lookup.zoneFor(set, question.name(), qtype);
    if (zone == null || qtype == Type.AXFR || qtype == Type.IXFR || set.isExpired(zone.origin())) {
      return null;
    }
    return new Reusable(Lookup.answer(set, zone, question.name(), qtype, question.dnssecOk()), set.generation());
  }

  @Override
  public Outcome resolve(Query query) {
    ZoneSet set = zones.current();
    Name qname = query.name();
    int qtype = query.type();
    Zone zone = Lookup.zoneFor(set, qname, qtype);
    if (zone == null) {
      return Outcome.PASS;
    }
    if (set.isExpired(zone.origin())) {
      return Outcome.Answer.failure(Rcode.SERVFAIL);
    }
    if (qtype == Type.AXFR || qtype == Type.IXFR) {
      return transfer(query, zone);
    }
    return Lookup.answer(set, zone, qname, qtype, query.dnssecOk());
  }

  private Outcome transfer(Query query, Zone zone) {
    if (!query.name().equals(zone.origin())) {
      return Outcome.Answer.failure(Rcode.NOTAUTH);
    }
    boolean allowed = transferAllowed.apply(zone.origin()).allows(query.client().getAddress(), query.signer());
    if (query.type() == Type.IXFR) {
      if (query.transport() == Transport.TCP && !allowed) {
        return Outcome.Answer.failure(Rcode.REFUSED);
      }
      return Ixfr.answer(query, zone, zones.history(zone.origin()), allowed);
    }
    if (query.transport() == Transport.UDP || !allowed) {
      return Outcome.Answer.failure(Rcode.REFUSED);
    }
    return new Outcome.Answer(Rcode.NOERROR, true, zone.transferRecords(), List.of(), List.of());
  }
}
