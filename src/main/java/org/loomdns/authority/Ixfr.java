package org.loomdns.authority;

import java.util.ArrayList;
import java.util.List;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.Transport;
import org.loomdns.net.Addresses;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneDiff;
import org.loomdns.zone.ZoneHistory;
import org.tinylog.Logger;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;

/**
 * Incremental zone transfer out (RFC 1995 section 4): the client names the serial it holds in
 * the request's authority section and gets the diffs from there to ours, one after the other as
 * we served them (not condensed into one), between two copies of our SOA. A client as new as we
 * are gets our SOA alone; one older than our history reaches gets the whole zone, AXFR-style.
 */
final class Ixfr {

  /** RFC 1995 section 2: over UDP, an increment that would not fit here is not sent. */
  static final int UDP_LIMIT = 512;

  /** The 11 bytes an OPT record adds to a reply to an EDNS request. */
  private static final int OPT_LENGTH = 11;

  private Ixfr() {}

  /**
   * The reply to an IXFR for {@code zone}; {@code allowed} says whether the client may see the
   * zone's data (over UDP, one that may not gets the SOA alone, as before incremental transfers).
   */
  static Outcome.Answer answer(Query query, Zone zone, ZoneHistory history, boolean allowed) {
    boolean udp = query.transport() == Transport.UDP;
    SOARecord theirs = clientSoa(query.request());
    if (theirs == null) {
      // Without the client's serial there is nothing to start an increment from.
      return udp || !allowed ? soaOnly(zone) : whole(zone);
    }
    long serial = theirs.getSerial();
    if (Serial.compare(serial, zone.serial()) >= 0) {
      return soaOnly(zone);
    }
    List<ZoneDiff> diffs = history.between(serial, zone.serial());
    if (!allowed || (udp && diffs == null)) {
      return soaOnly(zone);
    }
    if (diffs == null) {
      Logger.info("IXFR out {} to {}: serial {} is older than the history kept, sending the whole "
          + "zone at serial {}", zone.origin(), Addresses.text(query.client()), serial, zone.serial());
      return whole(zone);
    }
    List<Record> records = new ArrayList<>();
    records.add(zone.soa());
    diffs.forEach(d -> records.addAll(d.records()));
    records.add(zone.soa());
    if (udp && !fitsUdp(query, records)) {
      return soaOnly(zone);
    }
    Logger.info("IXFR out {} to {} over {}: serial {} to {} in {} diffs ({} records)", zone.origin(),
        Addresses.text(query.client()), query.transport(), serial, zone.serial(), diffs.size(),
        records.size());
    return new Outcome.Answer(Rcode.NOERROR, true, records, List.of(), List.of());
  }

  /** The SOA the client put in the authority section, or null when it put none. */
  private static SOARecord clientSoa(Message request) {
    for (Record r : request.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord soa) {
        return soa;
      }
    }
    return null;
  }

  private static boolean fitsUdp(Query query, List<Record> records) {
    Message m = new Message(query.request().getHeader().getID());
    m.addRecord(query.question(), Section.QUESTION);
    records.forEach(r -> m.addRecord(r, Section.ANSWER));
    int opt = query.request().getOPT() == null ? 0 : OPT_LENGTH;
    return m.toWire().length + opt <= UDP_LIMIT;
  }

  private static Outcome.Answer soaOnly(Zone zone) {
    return new Outcome.Answer(Rcode.NOERROR, true, List.of(zone.soa()), List.of(), List.of());
  }

  private static Outcome.Answer whole(Zone zone) {
    return new Outcome.Answer(Rcode.NOERROR, true, zone.transferRecords(), List.of(), List.of());
  }
}
