package org.loomdns.server;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** The C library's functions the native UDP socket and its poller call, linked once. */
final class Libc {

  private static final Linker LINKER = Linker.nativeLinker();
  static final MethodHandle CLOSE = function("close", JAVA_INT, JAVA_INT);

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

  private static MemorySegment symbol(String name) {
    return LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
  }
}
