package org.loomdns.zone;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The records of one owner, type and class. Unlike dnsjava's RRset it never rotates or changes,
 * so it can be shared by every query.
 */
public record RecordSet(Name name, int type, long ttl, List<Record> records) {

  public RecordSet {
    records = List.copyOf(records);
  }

  public Record first() {
    return records.get(0);
  }

  /** The same records owned by {@code owner}: what wildcard synthesis answers. */
  public List<Record> ownedBy(Name owner) {
    if (owner.equals(name)) {
      return records;
    }
    return records.stream().map(r -> r.withName(owner)).toList();
  }
}
