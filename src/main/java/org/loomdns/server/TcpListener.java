package org.loomdns.server;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.loomdns.chain.Transport;
import org.loomdns.log.LogThrottle;
import org.loomdns.stats.Drops;
import org.tinylog.Logger;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;

/**
 * One TCP socket, RFC 7766: each connection on its own virtual thread reads length-prefixed
 * queries, answers a packet-cache hit itself and any other query on a virtual thread of its own
 * as it completes (pipelining), and is closed after an idle timeout, counted from its last whole
 * query, or at once for a message that is no query. Connections are capped; at the cap a new
 * one evicts the longest-idle one (see {@link TcpConnections}), and is closed at once only when
 * none is idle.
 */
final class TcpListener implements AutoCloseable {

  private final ServerSocket server;
  private final ServerConfig config;
  private final QueryProcessor processor;
  private final TcpConnections connections;
  private final Drops drops;
  private final InetSocketAddress local;
  private final LogThrottle queryFailures = new LogThrottle();
  private final LogThrottle acceptFailures = new LogThrottle();
  private final QueryBytes bytes;
  private Thread acceptor;

  TcpListener(InetSocketAddress bind, ServerConfig config, QueryProcessor processor, Drops drops, QueryBytes bytes)
      throws IOException {
    this.config = config;
    this.drops = drops;
    this.bytes = bytes;
    this.processor = processor;
    this.server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(bind, 256);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    this.local = (InetSocketAddress) server.getLocalSocketAddress();
    this.connections = new TcpConnections(config.maxTcpConnections(), config.tcpIdleTimeout(), config.shutdownGrace(),
        drops, local);
  }

  InetSocketAddress localAddress() {
    return local;
  }

  void start() {
    connections.startSweeping();
    acceptor = Thread.ofVirtual().name("tcp " + local).start(this::acceptLoop);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (OutOfMemoryError e) {
        throw e;
      } catch (Throwable e) { // whatever accept throws, the acceptor must go on accepting
        if (!server.isClosed()) {
          acceptFailures.warn("tcp {}: accept failed: {}", local, e.toString());
          pause(); // a lasting failure (no file descriptors left) must not spin this thread
        }
        continue;
      }
      TcpConnections.Connection connection = connections.admit(socket);
      if (connection == null) {
        drops.count(Drops.Kind.TCP_OVER_CAP, "tcp {}: connection from {} closed: all {} connections busy",
            local, socket.getRemoteSocketAddress(), config.maxTcpConnections());
        closeQuietly(socket);
        continue;
      }
      Thread.ofVirtual().start(() -> {
        try {
          serve(connection);
        } finally {
          closeQuietly(socket);
          connections.leave(connection);
        }
      });
    }
  }

  private void serve(TcpConnections.Connection connection) {
    Socket socket = connection.socket;
    InetSocketAddress client = (InetSocketAddress) socket.getRemoteSocketAddress();
    Semaphore pipeline = new Semaphore(config.maxTcpPipeline());
    ReentrantLock writing = new ReentrantLock();
    try {
      socket.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      OutputStream out = socket.getOutputStream();
      while (true) {
        int length = in.readUnsignedShort();
        // The message's bytes are taken before they are read, so that messages of 64 KB on every
        // connection cannot hold connections x pipeline x 64 KB of heap.
        if (!bytes.take(length, config.tcpIdleTimeout().toMillis())) {
          drops.count(Drops.Kind.QUERY_BYTES_OVER_CAP, "tcp {}: {} sent a message of {} bytes while the bytes "
              + "of queries in flight were at their bound; closed", local, client, length);
          break;
        }
        boolean handedOn = false;
        try {
          byte[] query = new byte[length];
          in.readFully(query);
          String junk = junk(query);
          if (junk != null) {
            // Ignoring it let one socket hold a slot with two bytes now and then. No FORMERR, as
            // NSD 4.6 and Knot 3.2 send none: a write could wait on a client that reads nothing.
            drops.count(Drops.Kind.TCP_BAD_MESSAGE, "tcp {}: {} sent {}; closed", local, client, junk);
            break;
          }
          connection.heard();
          if (!pipeline.tryAcquire(config.tcpIdleTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            // No answer has gone out for a whole idle timeout: the client is not reading them, and
            // its writes would wait forever. Closing ends them.
            Logger.debug("tcp {}: {} takes no answers; closed", local, client);
            closeQuietly(socket);
            return;
          }
          if (!connection.begin()) {
            pipeline.release();
            return; // evicted while the query came in: the new connection has the slot
          }
          answer(query, client, socket, out, writing, connection, pipeline);
          handedOn = true;
        } finally {
          if (!handedOn) {
            bytes.give(length);
          }
        }
      }
    } catch (EOFException e) {
      // The client is done, or the sweeper timed it out: close once its answers are out.
      if (connection.timedOut()) {
        drops.countQuietly(Drops.Kind.TCP_IDLE);
        Logger.debug("tcp {}: {} idle past the timeout; closed", local, client);
      }
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
   * Answers {@code query}: a packet-cache hit here on the reader, which costs less than a virtual
   * thread of its own (a write stuck behind a client that reads nothing ends with the connection's
   * timeout, see {@link TcpConnections}), anything else by the full path on a virtual thread of
   * its own. Its bytes and permits are given back once, by whichever answered it.
   */
  private void answer(byte[] query, InetSocketAddress client, Socket socket, OutputStream out, ReentrantLock writing,
      TcpConnections.Connection connection, Semaphore pipeline) {
    QueryProcessor.ReplySink sink = wire -> write(out, writing, wire);
    boolean handedOn = false;
    try {
      PacketCache.Key key = processor.cacheKey(query, Transport.TCP);
      if (processor.answerFromCache(key, query, client, Transport.TCP, sink)) {
        return;
      }
      Thread.ofVirtual().start(() -> {
        try {
          processor.resolve(key, query, client, Transport.TCP, sink);
        } catch (IOException e) {
          closeQuietly(socket); // the client is gone or stuck; its other answers cannot go out either
        } catch (RuntimeException e) {
          queryFailures.warn("tcp {}: query from {} failed: {}", local, client, e.toString());
        } finally {
          answered(query, connection, pipeline);
        }
      });
      handedOn = true;
    } catch (IOException e) {
      closeQuietly(socket);
    } catch (RuntimeException e) {
      queryFailures.warn("tcp {}: query from {} failed: {}", local, client, e.toString());
    } finally {
      if (!handedOn) {
        answered(query, connection, pipeline);
      }
    }
  }

  private void answered(byte[] query, TcpConnections.Connection connection, Semaphore pipeline) {
    bytes.give(query.length);
    connection.end();
    pipeline.release();
  }

  /**
   * Why {@code message} is no query to answer, or null when it is one (RFC 7766 section 6.2.3);
   * only a message that is not a plain query is parsed here.
   */
  static String junk(byte[] message) {
    if (message.length == 0) {
      return "a zero-length message";
    }
    if (message.length < Header.LENGTH) {
      return "a message shorter than a DNS header";
    }
    if ((message[2] & 0x80) != 0) {
      return "a response, not a query";
    }
    if (PacketCache.Key.of(message, Transport.TCP, ServerConfig.DEFAULT_MAX_UDP_PAYLOAD) != null) {
      // A plain query, read whole without dnsjava (the packet cache's reading, which lets through
      // only what dnsjava parses): most queries, and none is parsed twice on its way to an answer.
      return null;
    }
    try {
      new Message(message);
      return null;
    } catch (IOException | RuntimeException e) {
      return "an unparsable message (" + e.getMessage() + ")";
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
    connections.forEachSocket(s -> {
      try {
        s.shutdownInput();
      } catch (IOException e) {
        closeQuietly(s);
      }
    });
  }

  /** Waits until every connection has sent its answers and closed. */
  boolean drain(Duration grace) throws InterruptedException {
    return connections.drain(grace);
  }

  @Override
  public void close() {
    connections.close();
    closeQuietly(server);
    connections.forEachSocket(TcpListener::closeQuietly);
    try {
      if (acceptor != null) {
        acceptor.join(Duration.ofSeconds(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      Logger.debug("close: {}", e.getMessage());
    }
  }
}
