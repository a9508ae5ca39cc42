package org.loomdns.dnsjava;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.xbill.DNS.Record;

/**
 * A record with another TTL. dnsjava's own shallow copy, {@code Record.withDClass(int, long)},
 * is package-private; the public way round (the rdata's wire form, parsed back) costs about a
 * tenth of a cache hit, so the fast one is used while this dnsjava has it.
 */
public final class RecordCopies {

  /** Null when this dnsjava lacks the method; {@link #withTtl} then takes the public way. */
  private static final MethodHandle WITH_CLASS_AND_TTL = withClassAndTtl();

  private RecordCopies() {}

  /** Whether dnsjava's own copy is in use; false means every copy takes the slower public way. */
  public static boolean fast() {
    return WITH_CLASS_AND_TTL != null;
  }

  /** {@code r} with {@code ttl}: a copy sharing the rdata (records are immutable), or {@code r} itself. */
  public static Record withTtl(Record r, long ttl) {
    if (r.getTTL() == ttl) {
      return r;
    }
    if (WITH_CLASS_AND_TTL == null) {
      return withTtlPublicly(r, ttl);
    }
    try {
      return (Record) WITH_CLASS_AND_TTL.invokeExact(r, r.getDClass(), ttl);
    } catch (Throwable e) {
      return withTtlPublicly(r, ttl);
    }
  }

  /** The same copy through public API alone: the rdata's wire form, read back. */
  static Record withTtlPublicly(Record r, long ttl) {
    return Record.newRecord(r.getName(), r.getType(), r.getDClass(), ttl, r.rdataToWireCanonical());
  }

  private static MethodHandle withClassAndTtl() {
    try {
      return MethodHandles.privateLookupIn(Record.class, MethodHandles.lookup())
          .findVirtual(Record.class, "withDClass", MethodType.methodType(Record.class, int.class, long.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
