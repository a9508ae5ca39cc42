package org.loomdns.secondary;

import java.util.ArrayList;
import java.util.List;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneDiff;
import org.loomdns.zone.ZoneEditor;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** An IXFR's deltas (RFC 1995) applied to the version we hold, giving a new immutable version. */
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

  /**
   * The version after {@code deltas}, made from {@code current} by an editor: the names the
   * deltas touch are all that is rebuilt, whatever the zone's size.
   */
  static ZoneEditor.Edit apply(Zone current, List<Delta> deltas) throws Mismatch, ZoneLoadException {
    ZoneEditor editor = current.edit();
    for (Delta d : deltas) {
      List<Record> deletes = withoutSoa(d.deletes);
      List<Record> adds = withoutSoa(d.adds);
      if (!editor.apply(new ZoneDiff(d.from, d.to, deletes, adds, 0))) {
        throw new Mismatch("the delta from serial " + d.from.getSerial() + " does not fit serial "
            + editor.soa().getSerial() + " as we hold it");
      }
    }
    return editor.commit();
  }

  private static List<Record> withoutSoa(List<Record> records) {
    return records.stream().filter(r -> r.getType() != Type.SOA).toList();
  }
}
