package org.loomdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Semaphore;

/**
 * The benchmark's JVM floor: loomdns's own UDP socket and its way of serving a datagram (a reader
 * thread, a permit, a virtual thread per datagram, one send), answering each query with the query
 * itself, QR set. No parsing, no lookup, no encoding. Next to the C echo it shows what the JVM
 * and the per-datagram virtual thread add to the kernel's cost; no loomdns figure can go above it.
 *
 * <p>Compiled by {@code src/bench/run} against the jar, in the server's package so that it can
 * open the socket the server opens:
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp loomdns.jar:DIR org.loomdns.server.EchoFloor PORT</pre>
 */
public final class EchoFloor {

  private EchoFloor() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: EchoFloor PORT");
      System.exit(2);
    }
    InetSocketAddress at = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
    UdpSocket socket = UdpSockets.open(UdpIo.AUTO, at, 8 << 20);
    Semaphore inFlight = new Semaphore(10_000);
    System.out.println("echo floor on " + socket.localAddress() + ", " + socket.kind());
    Thread reader = Thread.ofVirtual().start(() -> {
      while (true) {
        try {
          socket.receive((data, from) -> {
            if (!inFlight.tryAcquire()) {
              return;
            }
            Thread.ofVirtual().start(() -> {
              try {
                data[2] |= (byte) 0x80;
                socket.send(data, from);
              } catch (IOException e) {
                System.err.println("send: " + e);
              } finally {
                inFlight.release();
              }
            });
          });
        } catch (IOException e) {
          System.err.println("receive: " + e);
          return;
        }
      }
    });
    reader.join();
  }
}
