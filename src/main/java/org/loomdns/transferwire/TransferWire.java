package org.loomdns.transferwire;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The chunks of the whole-zone transfers sent lately, each kept for as long as its list of
 * records (one zone version's transfer order, the same list for every client of that version)
 * is alive, the last one kept for a zone replacing the one before, all of them within a bound in
 * bytes (the least recently sent dropped first). A transfer of a list not kept here is encoded
 * as it goes and kept if it fits. Thread-safe.
 */
public final class TransferWire {

  /** About five million short records' worth. */
  public static final long DEFAULT_BOUND = 128L << 20;

  private final long bound;
  /** Least recently used first; a handful of zones, so a list is the cheapest map. */
  private final List<Entry> entries = new ArrayList<>();
  private long held;

  public TransferWire(long bound) {
    this.bound = bound;
  }

  /** The chunks kept for exactly this list of records, or null. */
  public synchronized TransferChunks cached(List<Record> records) {
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.records.get() == records) {
        entries.add(entries.remove(i));
        return e.chunks;
      }
    }
    return null;
  }

  /**
   * A builder for a transfer of {@code records} whose first message's header and question take
   * {@code prefix} bytes; null when the records are not a whole zone (an IXFR increment, whose
   * list is made for one client). The builder stops collecting past the bound.
   */
  public TransferChunks.Builder builder(List<Record> records, int prefix) {
    if (!wholeZone(records)) {
      return null;
    }
    return new TransferChunks.Builder(prefix, bound);
  }

  /** Keeps what {@code builder} collected for {@code records}, if it stayed within the bound. */
  public synchronized void keep(List<Record> records, TransferChunks.Builder builder) {
    TransferChunks chunks = builder.build();
    if (chunks == null) {
      return;
    }
    Name origin = records.get(0).getName();
    entries.removeIf(e -> {
      boolean drop = e.records.get() == null || e.origin.equals(origin);
      if (drop) {
        held -= e.chunks.bytes();
      }
      return drop;
    });
    while (!entries.isEmpty() && held + chunks.bytes() > bound) {
      held -= entries.remove(0).chunks.bytes();
    }
    entries.add(new Entry(origin, new WeakReference<>(records), chunks));
    held += chunks.bytes();
  }

  /** Bytes held now, for tests. */
  synchronized long held() {
    return held;
  }

  /** A whole zone goes SOA, the rest, SOA; an increment's second record is an SOA too. */
  private static boolean wholeZone(List<Record> records) {
    return records.size() > 2 && records.get(0).getType() == Type.SOA && records.get(1).getType() != Type.SOA;
  }

  private record Entry(Name origin, WeakReference<List<Record>> records, TransferChunks chunks) {}
}
