package org.loomdns.secondary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneBuilder;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** An IXFR's deltas (RFC 1995) applied to the version we hold, giving a new immutable zone. */
final class Deltas {

  private Deltas() {}

  /** One step from serial {@code from} to serial {@code to}: records deleted, then added. */
  static final class Delta {
    final SOARecord from;
    SOARecord to;
    final List<Record> deletes = new ArrayList<>();
    final List<Record> adds = new ArrayList<>();

    Delta(SOARecord from) {
      this.from = from;
    }
  }

  /** The deltas do not start at our version or delete what we do not hold: ask for the whole zone. */
  static final class Mismatch extends Exception {
    Mismatch(String message) {
      super(message);
    }
  }

  static Zone apply(Zone current, List<Delta> deltas, String source) throws Mismatch, ZoneLoadException {
    // Record.equals and hashCode leave the TTL out: a key stands for the record whatever its TTL.
    Map<Record, Record> records = new LinkedHashMap<>(current.recordCount() * 2);
    for (Record r : current.transferRecords()) {
      if (r.getType() != Type.SOA) {
        records.put(r, r);
      }
    }
    SOARecord soa = current.soa();
    for (Delta d : deltas) {
      if (d.from.getSerial() != soa.getSerial()) {
        throw new Mismatch("a delta starts at serial " + d.from.getSerial() + ", we hold " + soa.getSerial());
      }
      for (Record r : d.deletes) {
        if (r.getType() != Type.SOA && records.remove(r) == null) {
          throw new Mismatch("it deletes " + r + ", which we do not hold");
        }
      }
      for (Record r : d.adds) {
        if (r.getType() != Type.SOA) {
          records.remove(r);
          records.put(r, r);
        }
      }
      soa = d.to;
    }
    ZoneBuilder b = new ZoneBuilder(source, current.origin());
    b.add(soa, source, 0);
    for (Record r : records.values()) {
      b.add(r, source, 0);
    }
    return b.build();
  }
}
