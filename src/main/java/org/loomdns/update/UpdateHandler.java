package org.loomdns.update;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.loomdns.authority.ServedZones;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.Resolver;
import org.loomdns.log.LogThrottle;
import org.loomdns.stats.Drops;
import org.loomdns.zone.Zone;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * UPDATE in (RFC 2136), the chain's handler for that opcode: the zone section (3.1), who may
 * update at all, then the zone's {@link ZoneQueue}. A zone we are not primary for answers NOTAUTH,
 * as BIND does when it does not forward updates.
 */
public final class UpdateHandler implements Resolver {

  /** Updates that may wait for one zone; past them SERVFAIL, counted. */
  public static final int DEFAULT_QUEUE = 1024;

  private final ServedZones served;
  private final Predicate<Name> primary;
  private final UpdateAccess access;
  private final UpdateLog log;
  private final Drops drops;
  private final int capacity;
  private final Map<Name, ZoneQueue> queues = new ConcurrentHashMap<>();
  private final LogThrottle refused = new LogThrottle();

  /**
   * Updates the zones of {@code served} that {@code primary} says we are primary for, as
   * {@code access} allows, each batch forced to {@code log} before it is published.
   */
  public UpdateHandler(ServedZones served, Predicate<Name> primary, UpdateAccess access, UpdateLog log,
      Drops drops, int capacity) {
    this.served = served;
    this.primary = primary;
    this.access = access;
    this.log = log;
    this.drops = drops;
    this.capacity = capacity;
  }

  @Override
  public String name() {
    return "update";
  }

  @Override
  public Outcome resolve(Query query) {
    if (query.type() != Type.SOA) {
      return Outcome.Answer.failure(Rcode.FORMERR); // 3.1.1: the zone section names the zone by its SOA
    }
    Name origin = query.name();
    Zone zone = served.current().get(origin);
    if (zone == null || !primary.test(origin)) {
      return Outcome.Answer.failure(Rcode.NOTAUTH);
    }
    if (!access.mayTry(query.client().getAddress(), query.signer())) {
      refused.warn("update of {} from {} refused: {}", origin, query.client().getAddress().getHostAddress(),
          query.signer() == null ? "not signed, and its address is not allowed" : "key " + query.signer() + " is not allowed");
      return Outcome.Answer.failure(Rcode.REFUSED);
    }
    Update update = new Update(origin, query.request().getSection(Section.PREREQ),
        query.request().getSection(Section.UPDATE), query.client().getAddress(), query.signer());
    int rcode = queues.computeIfAbsent(origin, o -> new ZoneQueue(o, served, access, log, capacity)).submit(update);
    if (rcode < 0) {
      drops.count(Drops.Kind.UPDATE_QUEUE_FULL, "update of {} answered SERVFAIL: {} updates already wait for it",
          origin, capacity);
      return Outcome.Answer.failure(Rcode.SERVFAIL);
    }
    return reply(rcode);
  }

  /** How many updates wait for {@code origin}'s turn now. */
  int waiting(Name origin) {
    ZoneQueue q = queues.get(origin);
    return q == null ? 0 : q.waiting();
  }

  /** An update's reply is its rcode alone, with the zone section the server echoes. */
  private static Outcome.Answer reply(int rcode) {
    return Outcome.Answer.failure(rcode);
  }
}
