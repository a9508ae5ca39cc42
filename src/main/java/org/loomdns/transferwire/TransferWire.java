package org.loomdns.transferwire;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;
import org.xbill.DNS.Type;

/**
 * The chunks of whole-zone transfers, each kept for as long as its list of records (one zone
 * version's transfer order, the same list for every client of that version) is alive, the last
 * version of a zone replacing the one before, all of them within a bound in bytes (the least
 * recently sent dropped first). A list's messages are made by whoever needs them first: a
 * {@link #prepare} ahead of the first client, or that client itself. Thread-safe.
 */
public final class TransferWire {

  /** About five million short records' worth. */
  public static final long DEFAULT_BOUND = 128L << 20;

  private final long bound;
  /** Least recently used first; a handful of zones, so a list is the cheapest map. */
  private final List<Entry> entries = new ArrayList<>();

  public TransferWire(long bound) {
    this.bound = bound;
  }

  /** The chunks kept for exactly this list of records, made or being made, or null. */
  public synchronized TransferChunks cached(List<Record> records) {
    Entry e = find(records);
    return e == null ? null : e.chunks;
  }

  /**
   * The chunks of a transfer of {@code records}: those kept for it, or new ones kept from now on
   * in place of the zone's older version. Null, for a transfer to encode as it goes, when the
   * records are not a whole zone (an IXFR increment, made for one client), could exceed the bound,
   * or are an older version (by SOA serial) than the one kept for the zone.
   */
  public TransferChunks chunks(List<Record> records) {
    synchronized (this) {
      Entry e = find(records);
      if (e != null) {
        return e.chunks;
      }
    }
    if (!wholeZone(records)) {
      return null;
    }
    // Uncompressed lengths: what the answers could take at most, counted until they are made.
    TransferEncoder.Cut cut = TransferEncoder.cut(records);
    long most = cut.most();
    if (most > bound) {
      return null;
    }
    Entry made = new Entry(records, new TransferChunks(records, cut.counts()), most);
    synchronized (this) {
      Entry e = find(records);
      if (e != null) {
        return e.chunks;
      }
      for (Entry other : entries) {
        if (other.origin.equals(made.origin) && Serial.compare(other.serial, made.serial) > 0) {
          return null;
        }
      }
      release(made.origin);
      while (!entries.isEmpty() && held() + most > bound) {
        entries.remove(0);
      }
      entries.add(made);
    }
    return made.chunks;
  }

  /**
   * Makes the messages of a transfer of {@code records} on this thread, those no client has
   * claimed, and keeps them, so that the first client of this zone version is sent bytes made
   * before it came, or shares the making with this thread; the zone's older version is let go.
   * Stops early when this thread is interrupted. False when {@code records} are not kept
   * (see {@link #chunks}).
   */
  public boolean prepare(List<Record> records) {
    TransferChunks chunks = chunks(records);
    if (chunks == null) {
      return false;
    }
    chunks.makeAll();
    return true;
  }

  /** Lets go of every version of {@code origin} kept: the zone is no longer transferred. */
  public synchronized void release(Name origin) {
    entries.removeIf(e -> e.records.get() == null || e.chunks.failed() || e.origin.equals(origin));
  }

  /** Bytes held now: the answer sections made, and those being made at their most. */
  public synchronized long held() {
    long held = 0;
    for (Entry e : entries) {
      held += e.chunks.complete() ? e.chunks.bytes() : e.most;
    }
    return held;
  }

  /** The entry of exactly {@code records}, now the most recently used, or null. */
  private Entry find(List<Record> records) {
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.records.get() == records && !e.chunks.failed()) {
        entries.add(entries.remove(i));
        return e;
      }
    }
    return null;
  }

  /** A whole zone goes SOA, the rest, SOA; an increment's second record is an SOA too. */
  private static boolean wholeZone(List<Record> records) {
    return records.size() > 2 && records.get(0).getType() == Type.SOA && records.get(1).getType() != Type.SOA;
  }

  /** One list's chunks, and what they may take at most until they are made. */
  private record Entry(Name origin, long serial, WeakReference<List<Record>> records, TransferChunks chunks,
      long most) {
    Entry(List<Record> records, TransferChunks chunks, long most) {
      this(records.get(0).getName(), ((SOARecord) records.get(0)).getSerial(), new WeakReference<>(records), chunks,
          most);
    }
  }
}
