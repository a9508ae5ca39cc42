package org.loomdns.zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The records of one owner, type and class. Unlike dnsjava's RRset it never rotates or changes,
 * so it can be shared by every query. Most sets hold one record, and a zone of a million records
 * holds nearly a million sets, so a set keeps its one record, or the list of two or more, and
 * nothing else: its owner, type and TTL are its first record's. Equal when owner, type, TTL and
 * records are. Groovy reads {@code name}, {@code type}, {@code ttl} and {@code records} as
 * properties, as it did when this was a Java record.
 */
public final class RecordSet {

  /** The one record, or an unmodifiable list of two or more. */
  private final Object data;

  /**
   * The set of {@code records}, which must all be owned by {@code name}, of {@code type}, and the
   * first of TTL {@code ttl} (the set's; RRSIGs may differ from one another).
   */
  public RecordSet(Name name, int type, long ttl, List<Record> records) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a record set of " + name + " holds no record");
    }
    Record first = records.get(0);
    if (first.getType() != type || first.getTTL() != ttl || !first.getName().equals(name)) {
      throw new IllegalArgumentException("the set " + name + " " + type + " " + ttl
          + " does not match its first record " + first);
    }
    this.data = records.size() == 1 ? first : List.copyOf(records);
  }

  public Name name() {
    return first().getName();
  }

  public int type() {
    return first().getType();
  }

  public long ttl() {
    return first().getTTL();
  }

  /** The records, unmodifiable. */
  @SuppressWarnings("unchecked")
  public List<Record> records() {
    return data instanceof Record one ? List.of(one) : (List<Record>) data;
  }

  @SuppressWarnings("unchecked")
  public Record first() {
    return data instanceof Record one ? one : ((List<Record>) data).get(0);
  }

  public int size() {
    return data instanceof Record ? 1 : ((List<?>) data).size();
  }

  /** The same records owned by {@code owner}: what wildcard synthesis answers. */
  public List<Record> ownedBy(Name owner) {
    List<Record> records = records();
    if (owner.equals(name())) {
      return records;
    }
    List<Record> owned = new ArrayList<>(records.size());
    for (Record r : records) {
      owned.add(r.withName(owner));
    }
    return List.copyOf(owned);
  }

  public Name getName() {
    return name();
  }

  public int getType() {
    return type();
  }

  public long getTtl() {
    return ttl();
  }

  public List<Record> getRecords() {
    return records();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordSet other && type() == other.type() && ttl() == other.ttl()
        && name().equals(other.name()) && records().equals(other.records());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name(), type(), ttl(), records());
  }

  @Override
  public String toString() {
    return "RecordSet[name=" + name() + ", type=" + type() + ", ttl=" + ttl() + ", records=" + records() + "]";
  }
}
