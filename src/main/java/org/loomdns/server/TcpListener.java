package org.loomdns.server;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.loomdns.chain.Transport;
import org.loomdns.log.LogThrottle;
import org.loomdns.stats.Drops;
import org.tinylog.Logger;

/**
 * One TCP socket, RFC 7766: each connection on its own virtual thread reads length-prefixed
 * queries, answers each on a virtual thread of its own as it completes (pipelining), and is closed
 * after an idle timeout. Connections are capped; one over the cap is closed at once.
 */
final class TcpListener implements AutoCloseable {

  private final ServerSocket server;
  private final ServerConfig config;
  private final QueryProcessor processor;
  private final Semaphore connections;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Drops drops;
  private final InetSocketAddress local;
  private final LogThrottle queryFailures = new LogThrottle();
  private Thread acceptor;

  TcpListener(InetSocketAddress bind, ServerConfig config, QueryProcessor processor, Drops drops)
      throws IOException {
    this.config = config;
    this.drops = drops;
    this.processor = processor;
    this.connections = new Semaphore(config.maxTcpConnections());
    this.server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(bind, 256);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    this.local = (InetSocketAddress) server.getLocalSocketAddress();
  }

  InetSocketAddress localAddress() {
    return local;
  }

  void start() {
    acceptor = Thread.ofVirtual().name("tcp " + local).start(this::acceptLoop);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!server.isClosed()) {
          Logger.warn("tcp {}: accept failed: {}", local, e.getMessage());
          pause(); // a lasting failure (no file descriptors left) must not spin this thread
        }
        continue;
      }
      if (!connections.tryAcquire()) {
        drops.count(Drops.Kind.TCP_OVER_CAP, "tcp {}: connection from {} closed: all {} connections taken",
            local, socket.getRemoteSocketAddress(), config.maxTcpConnections());
        closeQuietly(socket);
        continue;
      }
      open.add(socket);
      Thread.ofVirtual().start(() -> {
        try {
          serve(socket);
        } finally {
          open.remove(socket);
          closeQuietly(socket);
          connections.release();
        }
      });
    }
  }

  private void serve(Socket socket) {
    InetSocketAddress client = (InetSocketAddress) socket.getRemoteSocketAddress();
    Semaphore pipeline = new Semaphore(config.maxTcpPipeline());
    ReentrantLock writing = new ReentrantLock();
    try {
      socket.setSoTimeout((int) config.tcpIdleTimeout().toMillis());
      socket.setTcpNoDelay(true);
      MessageDeadline timed = new MessageDeadline(socket, config.tcpIdleTimeout());
      DataInputStream in = new DataInputStream(new BufferedInputStream(timed));
      OutputStream out = socket.getOutputStream();
      while (true) {
        timed.restart();
        int length = in.readUnsignedShort();
        byte[] query = new byte[length];
        in.readFully(query);
        if (!pipeline.tryAcquire(config.tcpIdleTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
          // No answer has gone out for a whole idle timeout: the client is not reading them, and
          // its writes would wait forever. Closing ends them.
          Logger.debug("tcp {}: {} takes no answers; closed", local, client);
          closeQuietly(socket);
          return;
        }
        Thread.ofVirtual().start(() -> {
          try {
            processor.process(query, client, Transport.TCP, wire -> write(out, writing, wire));
          } catch (IOException e) {
            closeQuietly(socket); // the client is gone or stuck; its other answers cannot go out either
          } catch (RuntimeException e) {
            queryFailures.warn("tcp {}: query from {} failed: {}", local, client, e.toString());
          } finally {
            pipeline.release();
          }
        });
      }
    } catch (EOFException | SocketTimeoutException e) {
      // The client is done, or idle past the timeout: close once its answers are out.
    } catch (SocketException e) {
      Logger.debug("tcp {}: {} closed: {}", local, client, e.getMessage());
    } catch (IOException e) {
      Logger.debug("tcp {}: {} failed: {}", local, client, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      pipeline.tryAcquire(config.maxTcpPipeline(), config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The socket's input with the idle timeout counted from when the wait for a message began, not
   * per read: a client that sends a byte now and then cannot keep its connection forever.
   */
  private static final class MessageDeadline extends FilterInputStream {
    private final Socket socket;
    private final long timeoutNanos;
    private long deadline;

    MessageDeadline(Socket socket, Duration timeout) throws IOException {
      super(socket.getInputStream());
      this.socket = socket;
      this.timeoutNanos = timeout.toNanos();
    }

    void restart() {
      deadline = System.nanoTime() + timeoutNanos;
    }

    @Override
    public int read() throws IOException {
      arm();
      return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      arm();
      return super.read(b, off, len);
    }

    private void arm() throws IOException {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left < 1) {
        throw new SocketTimeoutException("no whole message within the idle timeout");
      }
      socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
    }
  }

  private static void write(OutputStream out, ReentrantLock writing, byte[] wire) throws IOException {
    byte[] framed = new byte[wire.length + 2];
    framed[0] = (byte) (wire.length >>> 8);
    framed[1] = (byte) wire.length;
    System.arraycopy(wire, 0, framed, 2, wire.length);
    // An interrupt a stage left on this thread would close the connection under its other answers.
    Thread.interrupted();
    writing.lock();
    try {
      out.write(framed);
      out.flush();
    } finally {
      writing.unlock();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the listening socket and ends reading on every connection; answers in flight go out. */
  void stopAccepting() {
    closeQuietly(server);
    for (Socket s : open) {
      try {
        s.shutdownInput();
      } catch (IOException e) {
        closeQuietly(s);
      }
    }
  }

  /** Waits until every connection has sent its answers and closed. */
  boolean drain(Duration grace) throws InterruptedException {
    int all = config.maxTcpConnections();
    if (connections.tryAcquire(all, grace.toMillis(), TimeUnit.MILLISECONDS)) {
      connections.release(all);
      return true;
    }
    return false;
  }

  @Override
  public void close() {
    closeQuietly(server);
    open.forEach(TcpListener::closeQuietly);
    try {
      if (acceptor != null) {
        acceptor.join(Duration.ofSeconds(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      Logger.debug("close: {}", e.getMessage());
    }
  }
}
