package org.loomdns.secondary;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.loomdns.net.WireLength;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneBuilder;
import org.loomdns.zone.ZoneDiff;
import org.loomdns.zone.ZoneEditor;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/** Asking one primary: its serial by a SOA query (dnsjava's resolver), and the zone by IXFR or AXFR ({@link TransferStream}). */
final class Transfer {

  private Transfer() {}

  /** The primary's serial for {@code origin}, from an authoritative answer (UDP, TCP when truncated). */
  static long serial(Primary primary, Name origin, Duration timeout) throws IOException {
    SimpleResolver resolver = new SimpleResolver(primary.address());
    resolver.setTimeout(timeout);
    if (primary.key() != null) {
      resolver.setTSIGKey(primary.tsig());
    }
    Message query = Message.newQuery(Record.newRecord(origin, Type.SOA, DClass.IN));
    query.getHeader().unsetFlag(Flags.RD);
    Message reply = resolver.send(query);
    if (primary.key() != null && !reply.isVerified()) {
      throw new IOException("the SOA answer is not signed with key " + primary.key().name());
    }
    if (reply.getRcode() != Rcode.NOERROR) {
      throw new IOException("SOA query answered " + Rcode.string(reply.getRcode()));
    }
    if (!reply.getHeader().getFlag(Flags.AA)) {
      throw new IOException("the SOA answer is not authoritative");
    }
    for (Record r : reply.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa && soa.getName().equals(origin)) {
        return soa.getSerial();
      }
    }
    throw new IOException("the SOA answer holds no SOA for " + origin);
  }

  /**
   * The zone's next version from {@code primary}: by IXFR from {@code current} when we have a
   * version (the primary may answer with the whole zone instead, and when its deltas do not fit
   * ours we ask again by AXFR), else by AXFR. Null when the primary says {@code current} is current.
   */
  static Transferred fetch(Primary primary, Name origin, Zone current, TransferLimits limits)
      throws IOException, ZoneTransferException, ZoneLoadException {
    long start = System.nanoTime();
    Collector c = run(primary, origin, current, limits, start);
    if (c.kind == null) {
      return null;
    }
    long fromSerial = current == null ? -1 : current.serial();
    Zone zone;
    ZoneDiff diff = null;
    if (c.axfr != null) {
      zone = c.axfr.build();
    } else {
      try {
        ZoneEditor.Edit edit = Deltas.apply(current, c.deltas);
        zone = edit.zone();
        diff = edit.diff();
      } catch (Deltas.Mismatch e) {
        org.tinylog.Logger.warn("secondary zone {}: IXFR from {} does not apply ({}); asking by AXFR",
            origin, primary, e.getMessage());
        c = run(primary, origin, null, limits, start);
        zone = c.axfr.build();
      }
    }
    return new Transferred(zone, diff, fromSerial, c.kind, c.records, c.bytes,
        (System.nanoTime() - start) / 1_000_000, primary);
  }

  /**
   * One transfer. A record the zone cannot hold ends it at once, with that record's refusal; so
   * does a stream cut short, and then nothing was built that anyone sees.
   */
  private static Collector run(Primary primary, Name origin, Zone current, TransferLimits limits, long start)
      throws IOException, ZoneTransferException, ZoneLoadException {
    Duration left = limits.maxTime().minusNanos(System.nanoTime() - start);
    if (left.isNegative() || left.isZero()) {
      throw new ZoneTransferException("took longer than " + limits.maxTime());
    }
    TransferStream xfr = new TransferStream(origin, primary.address(), primary.tsig(),
        current == null ? -1 : current.serial(), left);
    Collector c = new Collector(origin, primary, limits, start);
    try {
      xfr.run(c);
    } catch (ZoneTransferException e) {
      if (c.refused != null) {
        throw c.refused;
      }
      throw e;
    }
    return c;
  }

  /** Keeps what the transfer brings, within the limits; over one, the transfer fails. */
  private static final class Collector implements ZoneTransferIn.ZoneTransferHandler {
    private final Name origin;
    private final Primary primary;
    private final TransferLimits limits;
    private final long start;
    String kind;
    /** The whole zone, built as its records come; null unless the primary sends the whole zone. */
    ZoneBuilder axfr;
    List<Deltas.Delta> deltas;
    private List<Record> into;
    private String source;
    /** Why the builder refused a record, which ended the transfer. */
    ZoneLoadException refused;
    long records;
    long bytes;

    Collector(Name origin, Primary primary, TransferLimits limits, long start) {
      this.origin = origin;
      this.primary = primary;
      this.limits = limits;
      this.start = start;
    }

    @Override
    public void startAXFR() {
      kind = "AXFR";
      source = kind + " from " + primary;
      axfr = new ZoneBuilder(source, origin);
      into = null;
    }

    @Override
    public void startIXFR() {
      kind = "IXFR";
      deltas = new ArrayList<>();
    }

    @Override
    public void startIXFRDeletes(Record soa) throws ZoneTransferException {
      count(soa);
      Deltas.Delta d = new Deltas.Delta((SOARecord) soa);
      deltas.add(d);
      into = d.deletes;
    }

    @Override
    public void startIXFRAdds(Record soa) throws ZoneTransferException {
      count(soa);
      Deltas.Delta d = deltas.getLast();
      d.to = (SOARecord) soa;
      into = d.adds;
    }

    @Override
    public void handleRecord(Record r) throws ZoneTransferException {
      count(r);
      if (into != null) {
        into.add(r);
        return;
      }
      try {
        axfr.add(r, source, 0);
      } catch (ZoneLoadException e) {
        refused = e;
        throw new ZoneTransferException(e.getMessage());
      }
    }

    private void count(Record r) throws ZoneTransferException {
      records++;
      bytes += WireLength.of(r);
      if (records > limits.maxRecords()) {
        throw new ZoneTransferException("more than " + limits.maxRecords() + " records");
      }
      if (bytes > limits.maxBytes()) {
        throw new ZoneTransferException("more than " + limits.maxBytes() + " bytes");
      }
      if (System.nanoTime() - start > limits.maxTime().toNanos()) {
        throw new ZoneTransferException("took longer than " + limits.maxTime());
      }
    }
  }
}
