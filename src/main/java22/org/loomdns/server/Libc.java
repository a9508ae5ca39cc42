package org.loomdns.server;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/** The C library's functions the native UDP socket and its poller call, linked once. */
final class Libc {

  private static final Linker LINKER = Linker.nativeLinker();
  static final MethodHandle CLOSE = function("close", JAVA_INT, JAVA_INT);
  /** Where a call made by a {@link #withErrno} handle leaves errno. */
  static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));

  private Libc() {}

  static MethodHandle function(String name, MemoryLayout result, MemoryLayout... arguments) {
    return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, arguments));
  }

  /** As {@link #function}, with a first argument for the call state that receives errno. */
  static MethodHandle withErrno(String name, MemoryLayout result, MemoryLayout... arguments) {
    return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, arguments),
        Linker.Option.captureCallState("errno"));
  }

  /** As {@link #function}, as a critical call: short, never blocking, reading Java arrays directly. */
  static MethodHandle critical(String name, MemoryLayout result, MemoryLayout... arguments) {
    return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, arguments),
        Linker.Option.critical(true));
  }

  /** The errno a call left in {@code state}, a segment of {@link #CALL_STATE}. */
  static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  /**
   * What a downcall's try block threw, for its one catch: I/O failures thrown as they are,
   * unchecked ones and errors returned or thrown as they are, and the {@code Throwable} that
   * {@code invokeExact} declares wrapped, since a linked C function throws nothing else.
   */
  static RuntimeException rethrown(Throwable t) throws IOException {
    if (t instanceof IOException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return t instanceof RuntimeException e ? e : new IllegalStateException(t);
  }

  private static MemorySegment symbol(String name) {
    return LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
  }
}
