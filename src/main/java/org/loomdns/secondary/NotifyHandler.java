package org.loomdns.secondary;

import java.util.List;
import java.util.Map;
import org.loomdns.acl.Acl;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.Resolver;
import org.loomdns.log.LogThrottle;
import org.loomdns.net.Cidr;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * NOTIFY in (RFC 1996): for a secondary zone, from an allowed source, NOERROR with AA and a serial
 * check at once; from any other source REFUSED; for a zone we are not secondary for NOTAUTH, as
 * BIND answers. The chain hands this handler every NOTIFY and nothing else.
 */
final class NotifyHandler implements Resolver {

  private final Map<Name, SecondaryZone> zones;
  /**
   * Who may notify besides each zone's own primaries (by address), who always may: as in BIND,
   * --allow-notify widens the list, it cannot shut the primaries out. Null: the primaries alone.
   */
  private final Acl allowed;
  private final LogThrottle refused = new LogThrottle();

  NotifyHandler(Map<Name, SecondaryZone> zones, Acl allowed) {
    this.zones = Map.copyOf(zones);
    this.allowed = allowed;
  }

  @Override
  public String name() {
    return "secondary";
  }

  @Override
  public Outcome resolve(Query query) {
    if (query.type() != Type.SOA) {
      // RFC 1996 section 3.7: a NOTIFY names the zone with QTYPE SOA.
      return Outcome.Answer.failure(Rcode.FORMERR);
    }
    SecondaryZone zone = zones.get(query.name());
    if (zone == null) {
      return Outcome.Answer.failure(Rcode.NOTAUTH);
    }
    Acl acl = allowed != null ? primaries(zone).or(allowed) : primaries(zone);
    if (!acl.allows(query.client().getAddress(), query.signer())) {
      refused.warn("NOTIFY for {} from {} refused: not in {}", query.name(),
          query.client().getAddress().getHostAddress(), acl);
      return Outcome.Answer.failure(Rcode.REFUSED);
    }
    zone.notifyReceived();
    return new Outcome.Answer(Rcode.NOERROR, true, List.of(), List.of(), List.of());
  }

  private static Acl primaries(SecondaryZone zone) {
    return Acl.of(zone.config().primaries().stream()
        .map(p -> Cidr.parse(p.address().getAddress().getHostAddress())).toList());
  }
}
