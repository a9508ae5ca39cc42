package org.loomdns.forward;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;
import org.loomdns.net.Addresses;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * One question to one upstream and the reply that belongs to it (RFC 5452): a random ID from one
 * of {@link QueryPorts}' random source ports, and a reply counts only if it comes from the address
 * and port asked, is a response, and carries the same ID and question. Anything else is ignored
 * and the wait goes on until the deadline. A truncated reply is asked again over TCP.
 */
final class Exchange {

  /** The upstream said nothing that counts before the deadline. */
  static final class Timeout extends IOException {
    Timeout(InetSocketAddress upstream) {
      super(Addresses.text(upstream) + " did not answer in time");
    }
  }

  /**
   * A truncated reply that was not asked again over TCP because every TCP exchange was taken: a
   * reply over TCP may be 64 KB, and parsed it costs about twice that, so they are bounded apart
   * from the exchanges over UDP, whose replies fit in {@link #UDP_BUFFER}.
   */
  static final class TcpBusy extends IOException {
    TcpBusy(InetSocketAddress upstream) {
      super("truncated reply from " + Addresses.text(upstream) + " not asked again: every TCP exchange taken");
    }
  }

  /** Our EDNS payload size towards upstreams: the DNS flag day 2020 value, unfragmented on any path. */
  static final int EDNS_PAYLOAD = 1232;


  private Exchange() {}

  /**
   * Asks {@code upstream}, over UDP from one of {@code ports}, with RD=1 and EDNS (with DO when {@code dnssecOk}, and CD when
   * {@code checkingDisabled}: RFC 4035 section 3.2.2 passes both on); a truncated reply is
   * asked again over TCP if one of {@code tcpSlots} is free, else {@link TcpBusy} is thrown. Throws
   * {@link Timeout} when the deadline passes.
   */
  static Message ask(InetSocketAddress upstream, Record question, boolean dnssecOk, boolean checkingDisabled,
      long deadlineNanos, QueryPorts ports, Semaphore tcpSlots) throws IOException {
    Message reply = exchange(upstream, query(question, true, dnssecOk, checkingDisabled), deadlineNanos, ports,
        tcpSlots);
    if (reply.getRcode() == Rcode.FORMERR && reply.getOPT() == null) {
      // RFC 6891 section 7: a server that knows no EDNS says FORMERR without OPT; ask it plainly.
      reply = exchange(upstream, query(question, false, false, checkingDisabled), deadlineNanos, ports, tcpSlots);
    }
    return reply;
  }

  private static Message exchange(InetSocketAddress upstream, Message query, long deadlineNanos,
      QueryPorts ports, Semaphore tcpSlots) throws IOException {
    Message reply = ports.ask(upstream, query, deadlineNanos);
    if (!reply.getHeader().getFlag(Flags.TC)) {
      return reply;
    }
    if (!tcpSlots.tryAcquire()) {
      throw new TcpBusy(upstream);
    }
    try {
      return overTcp(upstream, query, deadlineNanos);
    } finally {
      tcpSlots.release();
    }
  }

  private static Message query(Record question, boolean edns, boolean dnssecOk, boolean checkingDisabled) {
    Message query = Message.newQuery(question);
    if (checkingDisabled) {
      query.getHeader().setFlag(Flags.CD);
    }
    if (edns) {
      query.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
    }
    return query;
  }

  /** Whether {@code reply} answers {@code query}: a response with its ID and its question. */
  static boolean matches(Message query, Message reply) {
    Record asked = query.getQuestion();
    Record got = reply.getQuestion();
    return reply.getHeader().getFlag(Flags.QR)
        && reply.getHeader().getID() == query.getHeader().getID()
        && got != null
        && got.getName().equals(asked.getName())
        && got.getType() == asked.getType()
        && got.getDClass() == asked.getDClass();
  }

  private static Message overTcp(InetSocketAddress upstream, Message query, long deadlineNanos)
      throws IOException {
    byte[] out = query.toWire();
    try (Socket socket = new Socket()) {
      socket.connect(upstream, remainingMillis(upstream, deadlineNanos));
      DataOutputStream w = new DataOutputStream(socket.getOutputStream());
      w.writeShort(out.length);
      w.write(out);
      w.flush();
      DataInputStream r = new DataInputStream(socket.getInputStream());
      while (true) {
        socket.setSoTimeout(remainingMillis(upstream, deadlineNanos));
        byte[] in;
        try {
          in = new byte[r.readUnsignedShort()];
          r.readFully(in);
        } catch (SocketTimeoutException e) {
          throw new Timeout(upstream);
        }
        Message reply = parse(ByteBuffer.wrap(in));
        if (reply != null && matches(query, reply)) {
          return reply;
        }
      }
    }
  }

  private static int remainingMillis(InetSocketAddress upstream, long deadlineNanos) throws Timeout {
    long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
    if (left < 1) {
      throw new Timeout(upstream);
    }
    return (int) Math.min(left, Integer.MAX_VALUE);
  }

  /** The message in {@code data}, or null when it does not parse (a reply like that is ignored). */
  static Message parse(ByteBuffer data) {
    try {
      // Parsed in place: the records copy what they keep, so the buffer needs no copy of its own.
      return new Message(data);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
