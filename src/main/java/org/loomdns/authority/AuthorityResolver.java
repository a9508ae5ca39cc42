package org.loomdns.authority;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.loomdns.chain.Generation;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.Resolver;
import org.loomdns.chain.Transport;
import org.loomdns.net.Cidr;
import org.loomdns.zone.Zone;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The authority stage: answers every name inside our zones and passes the rest. The zones are
 * swapped whole on reload through one atomic reference, the only shared state it reads.
 */
public final class AuthorityResolver implements Resolver {

  private final AtomicReference<ZoneSet> zones;
  private final List<Cidr> transferAllowed;

  public AuthorityResolver(ZoneSet zones, List<Cidr> transferAllowed) {
    this.zones = new AtomicReference<>(zones);
    this.transferAllowed = List.copyOf(transferAllowed);
  }

  @Override
  public String name() {
    return "authority";
  }

  public ZoneSet zones() {
    return zones.get();
  }

  /** Serves {@code next} from now on; queries already running finish on the old set. */
  public void replace(ZoneSet next) {
    ZoneSet previous = zones.getAndSet(next);
    if (previous != next) {
      previous.generation().end();
    }
  }

  /** The zones: a name outside them now stays outside until they are replaced. */
  @Override
  public Generation passesWhile() {
    return zones.get().generation();
  }

  @Override
  public Outcome resolve(Query query) {
    ZoneSet set = zones.get();
    Name qname = query.name();
    int qtype = query.type();
    Zone zone = Lookup.zoneFor(set, qname, qtype);
    if (zone == null) {
      return Outcome.PASS;
    }
    if (qtype == Type.AXFR || qtype == Type.IXFR) {
      return transfer(query, zone);
    }
    return Lookup.answer(set, zone, qname, qtype);
  }

  private Outcome transfer(Query query, Zone zone) {
    if (!query.name().equals(zone.origin())) {
      return Outcome.Answer.failure(Rcode.NOTAUTH);
    }
    if (query.transport() == Transport.UDP) {
      if (query.type() == Type.IXFR) {
        // RFC 1995 section 2: an IXFR that does not fit UDP is answered with the current SOA alone.
        return new Outcome.Answer(Rcode.NOERROR, true, List.of(zone.soa()), List.of(), List.of());
      }
      return Outcome.Answer.failure(Rcode.REFUSED);
    }
    if (!Cidr.anyContains(transferAllowed, query.client().getAddress())) {
      return Outcome.Answer.failure(Rcode.REFUSED);
    }
    // Until incremental transfers exist, IXFR gets the whole zone, which RFC 1995 allows.
    return new Outcome.Answer(Rcode.NOERROR, true, zone.transferRecords(), List.of(), List.of());
  }
}
