package org.loomdns.zone.bind;

import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.Record;

/** Where a reader puts each record it reads, with the file and line it was written at. */
interface RecordSink {

  void add(Record r, String file, int line) throws ZoneLoadException;
}
