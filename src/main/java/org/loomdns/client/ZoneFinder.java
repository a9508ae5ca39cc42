package org.loomdns.client;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The zone a name belongs to and its primary server, as nsupdate finds them when no zone is given:
 * an SOA query for the name, whose answer (the name is a zone apex) or authority section (it is
 * not, or does not exist) holds the zone's SOA, whose MNAME is the primary.
 *
 * @param zone the zone's name
 * @param primary the primary's host name (the SOA's MNAME)
 */
public record ZoneFinder(Name zone, Name primary) {

  /** Asks {@code client} for the SOA of {@code name}. */
  public static ZoneFinder find(DnsClient client, String name) throws DnsLookupException {
    Name absolute;
    try {
      absolute = Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + name);
    }
    Response r;
    try {
      r = client.query(absolute.toString(), Type.SOA);
    } catch (NxDomainException e) {
      // The name does not exist yet (the usual case for an add): its zone's SOA came along.
      r = Response.of(e.question(), e.server(), e.response().orElseThrow());
    }
    for (Record rec : r.answer()) {
      if (rec instanceof SOARecord soa && soa.getName().equals(absolute)) {
        return new ZoneFinder(soa.getName(), soa.getHost());
      }
    }
    for (Record rec : r.authority()) {
      if (rec instanceof SOARecord soa && absolute.subdomain(soa.getName())) {
        return new ZoneFinder(soa.getName(), soa.getHost());
      }
    }
    throw new DnsLookupException(DnsLookupException.describe("no SOA in the reply: cannot tell which zone " + absolute
        + " is in", r.question(), r.server()), r.question(), r.server(), r.message(), null);
  }
}
