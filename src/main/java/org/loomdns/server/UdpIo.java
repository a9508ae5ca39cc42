package org.loomdns.server;

/** Which {@link UdpSocket} the UDP listeners use. */
public enum UdpIo {
  /** Native where it can be had (Linux, JDK 22+, native access enabled), else the JDK's channel. */
  AUTO,
  /** The batched native socket, or the server does not start. */
  NATIVE,
  /** The JDK's {@code DatagramChannel}: one system call per datagram, any platform. */
  JDK
}
