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

/** Asking one primary: its serial by a SOA query, and the zone by IXFR or AXFR, all with dnsjava. */
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
    String source = c.kind + " from " + primary;
    Zone zone;
    ZoneDiff diff = null;
    if (c.axfr != null) {
      zone = build(origin, c.axfr, source);
    } else {
      try {
        ZoneEditor.Edit edit = Deltas.apply(current, c.deltas);
        zone = edit.zone();
        diff = edit.diff();
      } catch (Deltas.Mismatch e) {
        org.tinylog.Logger.warn("secondary zone {}: IXFR from {} does not apply ({}); asking by AXFR",
            origin, primary, e.getMessage());
        c = run(primary, origin, null, limits, start);
        source = c.kind + " from " + primary;
        zone = build(origin, c.axfr, source);
      }
    }
    return new Transferred(zone, diff, fromSerial, c.kind, c.records, c.bytes,
        (System.nanoTime() - start) / 1_000_000, primary);
  }

  private static Collector run(Primary primary, Name origin, Zone current, TransferLimits limits, long start)
      throws IOException, ZoneTransferException {
    Duration left = limits.maxTime().minusNanos(System.nanoTime() - start);
    if (left.isNegative() || left.isZero()) {
      throw new ZoneTransferException("took longer than " + limits.maxTime());
    }
    ZoneTransferIn xfr = current == null
        ? ZoneTransferIn.newAXFR(origin, primary.address(), primary.tsig())
        : ZoneTransferIn.newIXFR(origin, current.serial(), true, primary.address(), primary.tsig());
    // dnsjava's timeout is one deadline for the whole transfer, not per read: what is left of ours.
    xfr.setTimeout(left);
    Collector c = new Collector(limits, start);
    xfr.run(c);
    return c;
  }

  private static Zone build(Name origin, List<Record> records, String source) throws ZoneLoadException {
    ZoneBuilder b = new ZoneBuilder(source, origin);
    for (Record r : records) {
      b.add(r, source, 0);
    }
    return b.build();
  }

  /** Keeps what the transfer brings, within the limits; over one, the transfer fails. */
  private static final class Collector implements ZoneTransferIn.ZoneTransferHandler {
    private final TransferLimits limits;
    private final long start;
    String kind;
    List<Record> axfr;
    List<Deltas.Delta> deltas;
    private List<Record> into;
    long records;
    long bytes;

    Collector(TransferLimits limits, long start) {
      this.limits = limits;
      this.start = start;
    }

    @Override
    public void startAXFR() {
      kind = "AXFR";
      axfr = new ArrayList<>();
      into = axfr;
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
      into.add(r);
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
