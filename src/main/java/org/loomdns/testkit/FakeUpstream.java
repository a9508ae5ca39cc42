package org.loomdns.testkit;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A tiny DNS server on 127.0.0.1, UDP and TCP on one port, with canned answers, that counts what it
 * is asked: the upstream of a forwarder under test ({@code --forward upstream.address}), offline. A
 * name it has records of gets them (or an empty NOERROR for another type); any other name NXDOMAIN.
 */
public final class FakeUpstream implements AutoCloseable {

  /** Queries answered at most, so a loop in the setup under test ends. */
  private static final int MAX_QUERIES = 100_000;
  private static final int POLL_MS = 200;

  private final List<Record> records = new CopyOnWriteArrayList<>();
  private final List<Record> questions = new CopyOnWriteArrayList<>();
  private final AtomicInteger answered = new AtomicInteger();
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Thread udpThread;
  private final Thread tcpThread;
  private volatile boolean closed;

  private FakeUpstream() throws IOException {
    udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    udp.setSoTimeout(POLL_MS);
    tcp = new ServerSocket();
    tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort()));
    tcp.setSoTimeout(POLL_MS);
    udpThread = Thread.ofVirtual().start(this::serveUdp);
    tcpThread = Thread.ofVirtual().start(this::serveTcp);
  }

  /** An upstream with no records yet: every name is NXDOMAIN until {@link #answer} adds some. */
  public static FakeUpstream start() {
    try {
      return new FakeUpstream();
    } catch (IOException e) {
      throw new IllegalStateException("no port on 127.0.0.1 for a fake upstream: " + e.getMessage(), e);
    }
  }

  /**
   * Adds records, each one line of a zone file with an absolute name:
   * {@code "www.example.org. 300 IN A 198.51.100.7"} (the TTL may be left out: 300).
   */
  public FakeUpstream answer(String... lines) {
    for (String line : lines) {
      String text = "$ORIGIN .\n$TTL 300\n" + line + "\n";
      try (Master m = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
        Record r = m.nextRecord();
        if (r == null) {
          throw new IllegalArgumentException("no record in: " + line);
        }
        records.add(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("not a record: " + line + " (" + e.getMessage() + ")", e);
      }
    }
    return this;
  }

  /** What to give {@code --forward}: {@code 127.0.0.1:PORT}. */
  public String getAddress() {
    return InetAddress.getLoopbackAddress().getHostAddress() + ":" + udp.getLocalPort();
  }

  public int getPort() {
    return udp.getLocalPort();
  }

  /** Queries received so far, UDP and TCP. */
  public int getCount() {
    return questions.size();
  }

  /** Queries received so far for NAME and TYPE. */
  public int count(String name, int type) {
    Name n = Loomdns.name(name);
    return (int) questions.stream().filter(q -> q.getName().equals(n) && q.getType() == type).count();
  }

  public int count(String name, String type) {
    return count(name, Loomdns.type(type));
  }

  /** The reply to one query: its records for the name and type, NODATA, or NXDOMAIN. */
  private byte[] reply(byte[] wire) throws IOException {
    Message q = new Message(wire);
    Record question = q.getQuestion();
    Message m = new Message(q.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.RA);
    if (q.getHeader().getFlag(Flags.RD)) {
      m.getHeader().setFlag(Flags.RD);
    }
    if (question == null) {
      m.getHeader().setRcode(Rcode.FORMERR);
      return m.toWire();
    }
    questions.add(question);
    m.addRecord(question, Section.QUESTION);
    boolean named = false;
    for (Record r : records) {
      if (r.getName().equals(question.getName())) {
        named = true;
        if (r.getType() == question.getType()) {
          m.addRecord(r, Section.ANSWER);
        }
      }
    }
    if (!named) {
      m.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    return m.toWire();
  }

  private void serveUdp() {
    byte[] buffer = new byte[65535];
    while (!closed && answered.incrementAndGet() <= MAX_QUERIES) {
      DatagramPacket p = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(p);
        byte[] out = reply(java.util.Arrays.copyOf(buffer, p.getLength()));
        udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (SocketTimeoutException e) {
        answered.decrementAndGet();
      } catch (SocketException e) {
        return;
      } catch (IOException e) {
        // a query that does not parse gets no answer, as from a real upstream that drops it
      }
    }
  }

  private void serveTcp() {
    while (!closed) {
      try {
        Socket s = tcp.accept();
        Thread.ofVirtual().start(() -> converse(s));
      } catch (SocketTimeoutException e) {
        // look at closed again
      } catch (IOException e) {
        return;
      }
    }
  }

  /** One TCP connection: queries one after another (a client may reuse it) until it ends or idles 2 s. */
  private void converse(Socket s) {
    try (s) {
      s.setSoTimeout(2000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream o = new DataOutputStream(s.getOutputStream());
      while (!closed && answered.incrementAndGet() <= MAX_QUERIES) {
        byte[] query = new byte[in.readUnsignedShort()];
        in.readFully(query);
        byte[] out = reply(query);
        o.writeShort(out.length);
        o.write(out);
        o.flush();
      }
    } catch (IOException e) {
      // the client closed or went quiet: the conversation is over
    }
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    try {
      tcp.close();
      udpThread.join(2000);
      tcpThread.join(2000);
    } catch (IOException e) {
      // closing a listener that is going away anyway
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "fake upstream on " + getAddress() + " (" + records.size() + " records, " + getCount() + " queries)";
  }
}
