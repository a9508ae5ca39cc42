package org.loomdns.server;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tinylog.Logger;

/** Opens the {@link UdpSocket} a {@link UdpIo} asks for. */
final class UdpSockets {

  private static final String NATIVE = "org.loomdns.server.NativeUdpSocket";
  private static final String READINESS = "org.loomdns.server.Readiness";
  /** Null when the native socket can be had; else why not. Decided once per JVM. */
  private static final String NATIVE_UNAVAILABLE = whyNativeUnavailable();
  private static final AtomicBoolean PREPARED = new AtomicBoolean();
  /**
   * Why the set-up thread failed, for {@link #open} to say: the thread itself logs nothing, as it
   * may run before the command line has configured the log.
   */
  private static volatile Throwable setupFailure;

  private UdpSockets() {}

  static UdpSocket open(UdpIo io, InetSocketAddress bind, int receiveBuffer) throws IOException {
    if (io == UdpIo.JDK || (io == UdpIo.AUTO && NATIVE_UNAVAILABLE != null)) {
      return new ChannelUdpSocket(bind, receiveBuffer);
    }
    if (NATIVE_UNAVAILABLE != null) {
      throw new IOException("the native UDP socket is not available here: " + NATIVE_UNAVAILABLE);
    }
    Constructor<?> make;
    try {
      make = Class.forName(NATIVE).getDeclaredConstructor(InetSocketAddress.class, int.class);
    } catch (ReflectiveOperationException | LinkageError e) {
      Throwable why = setupFailure != null ? setupFailure : e;
      if (io == UdpIo.NATIVE) {
        throw new IOException("the native UDP socket failed to load: " + why, why);
      }
      Logger.warn("the native UDP socket failed to load ({}); using the JDK's channel", why.toString());
      return new ChannelUdpSocket(bind, receiveBuffer);
    }
    try {
      return (UdpSocket) make.newInstance(bind, receiveBuffer);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IOException cause) {
        throw cause;
      }
      throw new IllegalStateException("native UDP socket: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("native UDP socket: " + e, e);
    }
  }

  /**
   * Whether a socket bound to {@code bind} should be IPv4 only. A specific IPv4 address gets an
   * IPv4 socket: the kernel's IPv6 path, which a dual-stack socket takes for every IPv4 datagram
   * too, costs measurably at high rates. The wildcard, which the JDK spells 0.0.0.0, must not: IPv6
   * clients have to reach it too.
   */
  static boolean ipv4Only(InetSocketAddress bind) {
    return bind.getAddress() instanceof Inet4Address && !bind.getAddress().isAnyLocalAddress();
  }

  /**
   * Sets up the native socket's calls on a thread of their own, so that it overlaps the loading of
   * the zones: setting them up (the JDK's foreign-function machinery) takes a few hundred
   * milliseconds of a cold start. Opening a socket later waits for it to finish. The poller's
   * calls come first: a socket opened before the setup reaches its own class sets that class up
   * itself, beside the setup thread, instead of waiting for the two in turn. Once per JVM.
   */
  static void prepare(UdpIo io) {
    if (io == UdpIo.JDK || NATIVE_UNAVAILABLE != null || !PREPARED.compareAndSet(false, true)) {
      return;
    }
    Thread.ofPlatform().daemon().name("udp native setup").start(() -> {
      try {
        Class.forName(READINESS, true, UdpSockets.class.getClassLoader());
        Class.forName(NATIVE, true, UdpSockets.class.getClassLoader());
      } catch (ReflectiveOperationException | LinkageError e) {
        // open() meets the same failure and says what it means for the listener.
        setupFailure = e;
      }
    });
  }

  /** Why the native socket cannot be had, or null when it can. */
  static String nativeUnavailable() {
    return NATIVE_UNAVAILABLE;
  }

  private static String whyNativeUnavailable() {
    String os = System.getProperty("os.name", "");
    String arch = System.getProperty("os.arch", "");
    if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("aarch64"))) {
      return "it needs Linux on amd64 or aarch64, this is " + os + " on " + arch;
    }
    if (Runtime.version().feature() < 22) {
      return "it needs JDK 22 or newer, this is " + Runtime.version().feature();
    }
    try {
      // Built at release 22, apart from the rest (see pom.xml); absent when a JDK 21 built us.
      // Not initialised here: its first native call would turn native access on, with a warning.
      Class.forName(NATIVE, false, UdpSockets.class.getClassLoader());
      // Module.isNativeAccessEnabled is JDK 22 API, and this class is built for 21.
      Method enabled = Module.class.getMethod("isNativeAccessEnabled");
      if (!(Boolean) enabled.invoke(UdpSockets.class.getModule())) {
        return "native access is not enabled (java --enable-native-access=ALL-UNNAMED; the jar's manifest enables it)";
      }
      return null;
    } catch (ClassNotFoundException e) {
      return "this build has no native socket (a JDK older than 22 built it)";
    } catch (ReflectiveOperationException | LinkageError e) {
      return "the native socket cannot be loaded: " + e;
    }
  }
}
