package org.loomdns.support

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Master
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Opcode
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.SOARecord
import org.xbill.DNS.Section
import org.xbill.DNS.SimpleResolver
import org.xbill.DNS.Type

/**
 * A primary in-process, on 127.0.0.1 (UDP and TCP on one free port), written with dnsjava for the
 * secondary's specs: answers SOA queries, AXFR, and IXFR from the versions it has been given
 * (RFC 1995 deltas between consecutive versions), counts what it was asked, can be taken down and
 * brought back, and can be told to send IXFR deltas that do not fit, or to cut a transfer short.
 */
class FakePrimary implements AutoCloseable {

  final Name origin
  /** Versions by serial, each its records without the SOA; and each version's SOA. */
  private final Map<Long, Set<Record>> versions = new ConcurrentHashMap<>()
  private final Map<Long, SOARecord> soas = new ConcurrentHashMap<>()
  private final List<Long> serials = new CopyOnWriteArrayList<>()
  final AtomicInteger soaQueries = new AtomicInteger()
  final AtomicInteger axfrs = new AtomicInteger()
  final AtomicInteger ixfrs = new AtomicInteger()
  volatile boolean up = true
  volatile boolean ixfr = true
  /** When set, IXFR deltas delete a record no version holds: the secondary must fall back to AXFR. */
  volatile boolean brokenDeltas
  /** When above 0, a reply of more messages stops after this many: the connection closes half way. */
  volatile int cutAfter
  private final DatagramSocket udp
  private final ServerSocket tcp
  private volatile boolean closed
  private final List<Thread> threads = new CopyOnWriteArrayList<>()

  FakePrimary(String origin, String zoneText) {
    this.origin = Name.fromString(origin)
    int port = LoomProcess.freePort()
    udp = new DatagramSocket(new InetSocketAddress('127.0.0.1', port))
    udp.soTimeout = 200
    tcp = new ServerSocket()
    tcp.bind(new InetSocketAddress('127.0.0.1', port))
    tcp.soTimeout = 200
    publish(zoneText)
    threads << Thread.startVirtualThread { serveUdp() }
    threads << Thread.startVirtualThread { serveTcp() }
  }

  int getPort() { udp.localPort }

  long getSerial() { serials.last() }

  /** A new version from BIND text (with $ORIGIN); becomes the one served. */
  void publish(String zoneText) {
    def m = new Master(new ByteArrayInputStream(zoneText.bytes), origin, 300)
    Set<Record> records = new LinkedHashSet<>()
    SOARecord soa = null
    Record r
    while ((r = m.nextRecord()) != null) {
      if (r instanceof SOARecord) soa = r else records << r
    }
    versions[soa.serial] = records
    soas[soa.serial] = soa
    serials << soa.serial
  }

  /** Sends a NOTIFY for our zone to a secondary on 127.0.0.1:port; returns its reply. */
  Message sendNotify(int port) {
    def q = Message.newQuery(Record.newRecord(origin, Type.SOA, DClass.IN))
    q.header.opcode = Opcode.NOTIFY
    q.header.unsetFlag(Flags.RD)
    q.header.setFlag(Flags.AA)
    def r = new SimpleResolver('127.0.0.1')
    r.port = port
    r.timeout = java.time.Duration.ofSeconds(3)
    r.send(q)
  }

  private void serveUdp() {
    byte[] buf = new byte[4096]
    while (!closed) {
      def p = new DatagramPacket(buf, buf.length)
      try {
        udp.receive(p)
      } catch (SocketTimeoutException ignored) {
        continue
      } catch (IOException ignored) {
        return
      }
      if (!up) continue
      try {
        Message q = new Message(Arrays.copyOf(p.data, p.length))
        byte[] out = answer(q)[0].toWire(512)
        udp.send(new DatagramPacket(out, out.length, p.socketAddress))
      } catch (IOException ignored) {
      }
    }
  }

  private void serveTcp() {
    while (!closed) {
      Socket s
      try {
        s = tcp.accept()
      } catch (SocketTimeoutException ignored) {
        continue
      } catch (IOException ignored) {
        return
      }
      threads << Thread.startVirtualThread {
        s.withCloseable {
          if (!up) return
          s.soTimeout = 5000
          def in = new DataInputStream(s.inputStream)
          def out = new DataOutputStream(new BufferedOutputStream(s.outputStream))
          try {
            byte[] q = new byte[in.readUnsignedShort()]
            in.readFully(q)
            List<Message> reply = answer(new Message(q))
            for (Message m : (cutAfter > 0 ? reply.take(cutAfter) : reply)) {
              byte[] wire = m.toWire(65535)
              out.writeShort(wire.length)
              out.write(wire)
            }
            out.flush()
          } catch (IOException ignored) {
          }
        }
      }
    }
  }

  /** The reply messages to one query: one, or several for a transfer. */
  private List<Message> answer(Message q) {
    Record question = q.question
    def reply = new Message(q.header.getID())
    reply.header.setFlag(Flags.QR)
    reply.header.setFlag(Flags.AA)
    reply.addRecord(question, Section.QUESTION)
    if (!question.name.equals(origin)) {
      reply.header.rcode = Rcode.REFUSED
      return [reply]
    }
    long now = serial
    switch (question.type) {
      case Type.SOA:
        soaQueries.incrementAndGet()
        reply.addRecord(soas[now], Section.ANSWER)
        return [reply]
      case Type.AXFR:
        axfrs.incrementAndGet()
        return chunks(reply, [soas[now]] + (versions[now] as List) + [soas[now]])
      case Type.IXFR:
        ixfrs.incrementAndGet()
        long theirs = (q.getSection(Section.AUTHORITY)[0] as SOARecord).serial
        int from = serials.indexOf(theirs)
        if (theirs == now) return chunks(reply, [soas[now]])
        if (!ixfr || from < 0) return chunks(reply, [soas[now]] + (versions[now] as List) + [soas[now]])
        List<Record> out = [soas[now]]
        for (int i = from; i < serials.size() - 1; i++) {
          long a = serials[i], b = serials[i + 1]
          out << soas[a]
          out.addAll(versions[a].findAll { !versions[b].contains(it) })
          if (brokenDeltas) out << Record.fromString(Name.fromString('missing', origin), Type.A, DClass.IN, 300, '192.0.2.254', origin)
          out << soas[b]
          out.addAll(versions[b].findAll { !versions[a].contains(it) })
        }
        out << soas[now]
        return chunks(reply, out)
      default:
        reply.header.rcode = Rcode.NOTIMP
        return [reply]
    }
  }

  /** Records in messages of at most 500 each, the first in the reply begun. */
  private static List<Message> chunks(Message first, List<Record> records) {
    List<Message> out = [first]
    records.eachWithIndex { Record r, int i ->
      if (i > 0 && i % 500 == 0) {
        def m = new Message(first.header.getID())
        m.header.setFlag(Flags.QR)
        m.header.setFlag(Flags.AA)
        out << m
      }
      out.last().addRecord(r, Section.ANSWER)
    }
    out
  }

  @Override
  void close() {
    closed = true
    udp.close()
    tcp.close()
    threads.each { it.join(2000) }
  }
}
