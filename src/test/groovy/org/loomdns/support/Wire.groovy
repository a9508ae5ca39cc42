package org.loomdns.support

import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.OPTRecord
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.Type

/** Raw DNS traffic for specs that must send what no well-behaved client sends. */
class Wire {

  static byte[] query(String name, int type = Type.A, Map opts = [:]) {
    def m = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, (opts.dclass ?: DClass.IN) as int))
    if (opts.id != null) m.header.ID = opts.id as int
    if (opts.rd == false) m.header.unsetFlag(Flags.RD)
    if (opts.cd) m.header.setFlag(Flags.CD)
    if (opts.opcode != null) m.header.opcode = opts.opcode as int
    if (opts.edns != null) {
      m.addRecord(new OPTRecord(opts.edns as int, 0, (opts.ednsVersion ?: 0) as int, (opts.ednsFlags ?: 0) as int), Section.ADDITIONAL)
    }
    m.toWire()
  }

  /** Sends one datagram; returns the reply, or null when none came within the wait. */
  static Message udp(int port, byte[] data, int waitMillis = 2000) {
    udpFrom(null, port, data, waitMillis)
  }

  /** Sends one datagram; returns the reply's bytes as they came (a timeout is an exception). */
  static byte[] udpBytes(int port, byte[] data, int waitMillis = 3000) {
    def socket = new DatagramSocket()
    try {
      socket.soTimeout = waitMillis
      socket.send(new DatagramPacket(data, data.length, InetAddress.getByName('127.0.0.1'), port))
      def p = new DatagramPacket(new byte[65535], 65535)
      socket.receive(p)
      Arrays.copyOf(p.data, p.length)
    } finally {
      socket.close()
    }
  }

  /** {@link #udp} from the loopback address {@code from} (any of 127/8), or the default when null. */
  static Message udpFrom(String from, int port, byte[] data, int waitMillis = 2000) {
    def socket = from == null ? new DatagramSocket() : new DatagramSocket(0, InetAddress.getByName(from))
    try {
      socket.soTimeout = waitMillis
      socket.send(new DatagramPacket(data, data.length, InetAddress.getByName('127.0.0.1'), port))
      def buf = new byte[65535]
      def p = new DatagramPacket(buf, buf.length)
      try {
        socket.receive(p)
      } catch (SocketTimeoutException ignored) {
        return null
      }
      new Message(Arrays.copyOf(buf, p.length))
    } finally {
      socket.close()
    }
  }

  static Socket tcp(int port) {
    def s = new Socket('127.0.0.1', port)
    s.soTimeout = 5000
    s
  }

  static byte[] framed(byte[] msg) {
    def out = new ByteArrayOutputStream()
    out.write(msg.length >>> 8)
    out.write(msg.length & 0xff)
    out.write(msg)
    out.toByteArray()
  }

  /** Reads one length-prefixed message as it came, for checks (TSIG) that need its bytes; null at a clean end. */
  static byte[] readFramedBytes(Socket s) {
    def in = new DataInputStream(s.inputStream)
    int len
    try {
      len = in.readUnsignedShort()
    } catch (EOFException ignored) {
      return null
    }
    def buf = new byte[len]
    in.readFully(buf)
    buf
  }

  /** Reads one length-prefixed message; null on a clean end of stream. */
  static Message readFramed(Socket s) {
    byte[] wire = readFramedBytes(s)
    wire == null ? null : new Message(wire)
  }

  /** Opens a TCP connection, sends one query and reads one reply. */
  static Message readFramedAfter(int port, byte[] query) {
    def s = tcp(port)
    try {
      s.outputStream.write(framed(query))
      readFramed(s)
    } finally {
      s.close()
    }
  }
}
