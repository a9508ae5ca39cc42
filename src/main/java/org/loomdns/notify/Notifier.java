package org.loomdns.notify;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.loomdns.net.Addresses;
import org.loomdns.zone.Node;
import org.loomdns.zone.RecordSet;
import org.loomdns.zone.Zone;
import org.tinylog.Logger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Sends NOTIFY for each new serial of a zone to the configured targets and, when asked, to the
 * addresses its NS hosts have in the zone. Each (zone, target) pair gets its own virtual thread
 * that sends, waits, and sends again after each wait without an answer, at most once per wait;
 * a newer serial of the same zone ends the older one's retries. One log line per target.
 */
public final class Notifier implements AutoCloseable {

  /** BIND and Knot wait about this long between tries; five tries take under a minute. */
  public static final List<Duration> DEFAULT_WAITS = List.of(Duration.ofSeconds(2), Duration.ofSeconds(4),
      Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(16));

  private static final int MAX_REPLY = 65535;

  private final List<NotifyTarget> targets;
  private final boolean notifyNs;
  private final int nsPort;
  private final List<Duration> waits;
  private final Map<String, Thread> sending = new ConcurrentHashMap<>();

  /**
   * @param targets where every change goes
   * @param notifyNs also to the zone's NS hosts (except the primary its SOA names), at the
   *     addresses the zone gives them, on {@code nsPort}
   * @param waits how long each try waits for an answer; their count is the number of tries
   */
  public Notifier(List<NotifyTarget> targets, boolean notifyNs, int nsPort, List<Duration> waits) {
    if (waits.isEmpty()) {
      throw new IllegalArgumentException("NOTIFY needs at least one try");
    }
    this.targets = List.copyOf(targets);
    this.notifyNs = notifyNs;
    this.nsPort = nsPort;
    this.waits = List.copyOf(waits);
  }

  public Notifier(List<NotifyTarget> targets, boolean notifyNs) {
    this(targets, notifyNs, NotifyTarget.DNS_PORT, DEFAULT_WAITS);
  }

  /** Whether there is anyone to notify at all. */
  public boolean isEmpty() {
    return targets.isEmpty() && !notifyNs;
  }

  /**
   * Told of each change of a served zone: a new zone or a new serial is notified; a withdrawn
   * zone or one republished at the same serial is not. Returns at once.
   */
  public void changed(Zone previous, Zone current) {
    if (current == null || (previous != null && previous.serial() == current.serial())) {
      return;
    }
    for (NotifyTarget t : targetsFor(current)) {
      String key = current.origin() + " " + Addresses.text(t.address());
      Thread thread = Thread.ofVirtual().name("notify " + key).unstarted(() -> {
        try {
          notify(current, t);
        } finally {
          sending.remove(key, Thread.currentThread());
        }
      });
      Thread older = sending.put(key, thread);
      if (older != null) {
        older.interrupt();
      }
      thread.start();
    }
  }

  /** The configured targets, then the NS hosts' addresses none of them already names. */
  List<NotifyTarget> targetsFor(Zone zone) {
    Map<InetSocketAddress, NotifyTarget> all = new LinkedHashMap<>();
    targets.forEach(t -> all.put(t.address(), t));
    if (notifyNs) {
      for (InetAddress a : nsAddresses(zone)) {
        all.putIfAbsent(new InetSocketAddress(a, nsPort), new NotifyTarget(new InetSocketAddress(a, nsPort), null));
      }
    }
    return new ArrayList<>(all.values());
  }

  /**
   * The A and AAAA addresses the zone holds for its apex NS hosts, except the SOA's MNAME, the
   * primary (RFC 1996 section 3.6). A host named outside the zone is not looked up.
   */
  static List<InetAddress> nsAddresses(Zone zone) {
    List<InetAddress> out = new ArrayList<>();
    RecordSet ns = zone.node(zone.origin()).get(Type.NS);
    Name primary = zone.soa().getHost();
    for (Record r : ns.records()) {
      Name host = ((NSRecord) r).getTarget();
      Node node = host.equals(primary) ? null : zone.node(host);
      if (node == null) {
        continue;
      }
      for (int type : new int[] {Type.A, Type.AAAA}) {
        RecordSet set = node.get(type);
        if (set != null) {
          set.records().forEach(a -> out.add(address(a)));
        }
      }
    }
    return out;
  }

  /** The address alone: dnsjava's carries the owner name as its host name. */
  private static InetAddress address(Record r) {
    InetAddress a = r instanceof ARecord v4 ? v4.getAddress() : ((AAAARecord) r).getAddress();
    try {
      return InetAddress.getByAddress(a.getAddress());
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("an address record of " + a.getAddress().length + " bytes", e);
    }
  }

  /** Sends one zone's NOTIFY to one target until it is answered, the tries run out, or a newer serial comes. */
  private void notify(Zone zone, NotifyTarget target) {
    String what = "NOTIFY " + zone.origin() + " serial " + zone.serial() + " to " + target;
    Message request = request(zone);
    if (target.key() != null) {
      target.key().tsig().apply(request, null);
    }
    byte[] wire = request.toWire(MAX_REPLY);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(target.address());
      for (int tries = 1; tries <= waits.size(); tries++) {
        socket.send(new DatagramPacket(wire, wire.length));
        byte[] reply = await(socket, request.getHeader().getID(), waits.get(tries - 1));
        if (reply != null) {
          logAnswer(what, target, request, reply, tries);
          return;
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException();
        }
      }
      Logger.warn("{}: no answer after {}", what, tries(waits.size()));
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted() || e instanceof InterruptedIOException) {
        Logger.info("{}: stopped, a newer serial or shutdown takes over", what);
      } else {
        Logger.warn("{}: {}", what, e.getMessage());
      }
    }
  }

  /** RFC 1996 section 3.7: the question is the zone's SOA, the answer carries our SOA as a hint. */
  private static Message request(Zone zone) {
    Message m = Message.newQuery(Record.newRecord(zone.origin(), Type.SOA, DClass.IN));
    m.getHeader().setOpcode(Opcode.NOTIFY);
    m.getHeader().unsetFlag(Flags.RD);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(zone.soa(), Section.ANSWER);
    return m;
  }

  /** The reply to {@code id} that arrives within {@code wait}, or null; anything else is ignored. */
  private static byte[] await(DatagramSocket socket, int id, Duration wait) throws IOException {
    long end = System.nanoTime() + wait.toNanos();
    byte[] buffer = new byte[MAX_REPLY];
    while (true) {
      long left = (end - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return null;
      }
      socket.setSoTimeout((int) Math.max(1, left));
      DatagramPacket p = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        return null;
      }
      byte[] bytes = Arrays.copyOf(p.getData(), p.getLength());
      try {
        Message m = new Message(bytes);
        if (m.getHeader().getID() == id && m.getHeader().getFlag(Flags.QR)
            && m.getHeader().getOpcode() == Opcode.NOTIFY) {
          return bytes;
        }
      } catch (IOException ignored) {
        // not a DNS message: wait on for the answer
      }
    }
  }

  private static void logAnswer(String what, NotifyTarget target, Message request, byte[] wire, int tries)
      throws IOException {
    Message reply = new Message(wire);
    String rcode = Rcode.string(reply.getRcode());
    String triesText = tries(tries);
    if (target.key() != null && reply.getTSIG() == null) {
      Logger.warn("{}: {} after {}, but the answer is not signed", what, rcode, triesText);
    } else if (target.key() != null
        && target.key().tsig().verify(reply, wire, request.getTSIG()) != Rcode.NOERROR) {
      Logger.warn("{}: {} after {}, but the answer's signature does not verify", what, rcode, triesText);
    } else if (reply.getRcode() == Rcode.NOERROR) {
      Logger.info("{}: {} after {}", what, rcode, triesText);
    } else {
      Logger.warn("{}: {} after {}", what, rcode, triesText);
    }
  }

  private static String tries(int n) {
    return n == 1 ? "1 try" : n + " tries";
  }

  /** Ends every NOTIFY still waiting for an answer. */
  @Override
  public void close() {
    sending.values().forEach(Thread::interrupt);
  }
}
