package org.loomdns.zone.bind;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.loomdns.zone.Zone;
import org.xbill.DNS.Record;

/** A zone as a BIND zone file: a comment line, {@code $ORIGIN}, then every record, SOA first. */
public final class ZoneWriter {

  private ZoneWriter() {}

  public static void write(Zone zone, String comment, Writer w) throws IOException {
    w.write("; " + comment + "\n");
    w.write("$ORIGIN " + zone.origin() + "\n");
    List<Record> records = zone.transferRecords();
    for (Record r : records.subList(0, records.size() - 1)) {
      w.write(r.toString());
      w.write('\n');
    }
  }
}
