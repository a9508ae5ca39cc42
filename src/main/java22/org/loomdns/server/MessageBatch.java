package org.loomdns.server;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The native buffers of {@code recvmmsg} and {@code sendmmsg}: {@link #BATCH} message headers,
 * each with a socket address and a slot of its own in one data area. For receiving, every slot
 * has room for the largest UDP payload; for sending, replies are packed one after another into a
 * smaller area. Shared, so that either of a socket's two readers may use it while the reading is
 * its turn (see {@link UdpListener}), and free it when it finds the socket closed.
 */
final class MessageBatch implements AutoCloseable {

  /** Datagrams per call. */
  static final int BATCH = 32;
  /** Room for the largest UDP payload, so no datagram is cut short. */
  static final int SLOT = 65535;
  /** {@code struct sockaddr_in6}, which also holds a {@code sockaddr_in}. */
  static final int NAME = 28;

  private static final StructLayout IOVEC = MemoryLayout.structLayout(
      ADDRESS.withName("base"), JAVA_LONG.withName("len"));
  private static final StructLayout MMSGHDR = MemoryLayout.structLayout(
      ADDRESS.withName("name"), JAVA_INT.withName("namelen"), MemoryLayout.paddingLayout(4),
      ADDRESS.withName("iov"), JAVA_LONG.withName("iovlen"),
      ADDRESS.withName("control"), JAVA_LONG.withName("controllen"),
      JAVA_INT.withName("flags"), MemoryLayout.paddingLayout(4),
      JAVA_INT.withName("len"), MemoryLayout.paddingLayout(4));
  private static final long MMSG_NAME = offset("name");
  private static final long MMSG_NAMELEN = offset("namelen");
  private static final long MMSG_IOV = offset("iov");
  private static final long MMSG_IOVLEN = offset("iovlen");
  private static final long MMSG_LEN = offset("len");
  private static final long IOV_LEN = IOVEC.byteOffset(PathElement.groupElement("len"));

  private final Arena arena = Arena.ofShared();
  private final MemorySegment headers = arena.allocate(MMSGHDR, BATCH);
  private final MemorySegment names = arena.allocate(NAME * (long) BATCH, 8);
  private final MemorySegment area;
  private final MemorySegment iovecs = arena.allocate(IOVEC, BATCH);
  /** Where a call made with {@link Libc#withErrno} leaves errno. */
  final MemorySegment errno = arena.allocate(Libc.CALL_STATE);
  /** Messages put so far, and the bytes of the area they took; for sending. */
  private int count;
  private int used;

  /** For receiving: a slot of {@link #SLOT} bytes per message. */
  static MessageBatch forReceiving() {
    return new MessageBatch(true);
  }

  /**
   * For sending: replies packed into 64 KiB, so that the largest still fits alone; replies are
   * DNS answers, mostly of a few hundred bytes, so a batch fills its headers long before that.
   */
  static MessageBatch forSending() {
    return new MessageBatch(false);
  }

  private MessageBatch(boolean receiving) {
    area = arena.allocate(receiving ? SLOT * (long) BATCH : SLOT + 1, 8);
    for (int i = 0; i < BATCH; i++) {
      MemorySegment header = header(i);
      header.set(ADDRESS, MMSG_NAME, names.asSlice((long) i * NAME, NAME));
      header.set(ADDRESS, MMSG_IOV, iovec(i));
      header.set(JAVA_LONG, MMSG_IOVLEN, 1);
      if (receiving) {
        header.set(JAVA_INT, MMSG_NAMELEN, NAME);
        iovec(i).set(ADDRESS, 0, area.asSlice((long) i * SLOT, SLOT));
        iovec(i).set(JAVA_LONG, IOV_LEN, SLOT);
      }
    }
  }

  /** The headers from the {@code i}th on, for a call on the rest of the batch. */
  MemorySegment headers(int i) {
    return headers.asSlice(i * MMSGHDR.byteSize());
  }

  /** The payload of the {@code i}th datagram the kernel received, as a Java array. */
  byte[] payload(int i) {
    return area.asSlice((long) i * SLOT, header(i).get(JAVA_INT, MMSG_LEN)).toArray(JAVA_BYTE);
  }

  /** The {@code i}th datagram's sender, as the kernel wrote it; makes room for the next. */
  MemorySegment sender(int i) {
    // The kernel wrote the sender's length there; only the headers it filled need it back.
    header(i).set(JAVA_INT, MMSG_NAMELEN, NAME);
    return names.asSlice((long) i * NAME, NAME);
  }

  /** Whether one more message of {@code length} bytes fits; if not, send those put first. */
  boolean fits(int length) {
    return count < BATCH && used + length <= area.byteSize();
  }

  /** Adds a message of {@code data} to the sockaddr in {@code name}, of {@code nameLength} bytes. */
  void put(byte[] data, byte[] name, int nameLength) {
    MemorySegment.copy(data, 0, area, JAVA_BYTE, used, data.length);
    MemorySegment.copy(name, 0, names, JAVA_BYTE, (long) count * NAME, NAME);
    iovec(count).set(ADDRESS, 0, area.asSlice(used, data.length));
    iovec(count).set(JAVA_LONG, IOV_LEN, data.length);
    header(count).set(JAVA_INT, MMSG_NAMELEN, nameLength);
    used += data.length;
    count++;
  }

  /** How many messages were put since the last {@link #clear}. */
  int count() {
    return count;
  }

  void clear() {
    count = 0;
    used = 0;
  }

  @Override
  public void close() {
    arena.close();
  }

  private MemorySegment header(int i) {
    return headers.asSlice(i * MMSGHDR.byteSize(), MMSGHDR);
  }

  private MemorySegment iovec(int i) {
    return iovecs.asSlice(i * IOVEC.byteSize(), IOVEC);
  }

  private static long offset(String field) {
    return MMSGHDR.byteOffset(PathElement.groupElement(field));
  }
}
