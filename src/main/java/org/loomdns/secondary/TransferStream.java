package org.loomdns.secondary;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.loomdns.dnsjava.AnswerRecords;
import org.loomdns.net.DnsWire;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn.ZoneTransferHandler;

/**
 * One zone transfer over TCP (RFC 5936; RFC 1995 for IXFR), told to a handler the way dnsjava's
 * {@code ZoneTransferIn} tells it: the same calls in the same order, an IXFR that the primary does
 * not support asked again by AXFR on the same connection. It exists because {@code ZoneTransferIn}
 * parses every message with {@link Message}, one {@code Name} per record: unsigned replies are
 * read by {@link AnswerRecords}, which shares one per owner. Signed replies are parsed whole, as
 * dnsjava's TSIG verifier needs, and verified message by message (RFC 8945 section 5.3.1). Every
 * message must carry the query's ID. The whole transfer has one deadline.
 */
final class TransferStream {

  private enum State { INITIAL_SOA, FIRST_DATA, IXFR_DELETES_SOA, IXFR_DELETES, IXFR_ADDS_SOA, IXFR_ADDS, AXFR, END }

  private final Name origin;
  private final InetSocketAddress primary;
  private final TSIG tsig;
  private final long ixfrSerial;
  private final Duration timeout;
  private final long deadline;
  private final AnswerRecords reader = new AnswerRecords();
  private final byte[] buffer = new byte[0xffff];
  private ZoneTransferHandler handler;
  private int qtype;
  private int id;
  private TSIG.StreamVerifier verifier;
  private State state = State.INITIAL_SOA;
  private SOARecord initialSoa;
  private long endSerial;
  private long currentSerial;

  /** An AXFR when {@code ixfrSerial} is negative, else an IXFR from that serial. */
  TransferStream(Name origin, InetSocketAddress primary, TSIG tsig, long ixfrSerial, Duration timeout) {
    this.origin = origin;
    this.primary = primary;
    this.tsig = tsig;
    this.ixfrSerial = ixfrSerial;
    this.qtype = ixfrSerial < 0 ? Type.AXFR : Type.IXFR;
    this.timeout = timeout;
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  void run(ZoneTransferHandler handler) throws IOException, ZoneTransferException {
    this.handler = handler;
    try (Socket socket = new Socket()) {
      socket.connect(primary, left());
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
      OutputStream out = socket.getOutputStream();
      send(out);
      while (state != State.END) {
        socket.setSoTimeout(left());
        int length = in.readUnsignedShort();
        in.readFully(buffer, 0, length);
        receive(length, out);
      }
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException("the transfer took longer than " + timeout);
    } catch (EOFException e) {
      throw new EOFException("the primary closed the connection before the transfer's end");
    }
  }

  private int left() throws SocketTimeoutException {
    long ms = (deadline - System.nanoTime()) / 1_000_000;
    if (ms <= 0) {
      throw new SocketTimeoutException();
    }
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }

  private void send(OutputStream out) throws IOException {
    Message query = new Message();
    query.getHeader().setOpcode(Opcode.QUERY);
    query.addRecord(Record.newRecord(origin, qtype, DClass.IN), Section.QUESTION);
    if (qtype == Type.IXFR) {
      query.addRecord(new SOARecord(origin, DClass.IN, 0, Name.root, Name.root, ixfrSerial, 0, 0, 0, 0),
          Section.AUTHORITY);
    }
    if (tsig != null) {
      tsig.apply(query, null);
      verifier = new TSIG.StreamVerifier(tsig, query.getTSIG());
    }
    id = query.getHeader().getID();
    byte[] wire = query.toWire(Message.MAXLENGTH);
    byte[] framed = new byte[wire.length + 2];
    framed[0] = (byte) (wire.length >>> 8);
    framed[1] = (byte) wire.length;
    System.arraycopy(wire, 0, framed, 2, wire.length);
    out.write(framed);
    out.flush();
  }

  private void receive(int length, OutputStream out) throws IOException, ZoneTransferException {
    if (length < 12) {
      throw new ZoneTransferException("a message of " + length + " bytes");
    }
    if (DnsWire.u16(buffer, 0) != id) {
      throw new ZoneTransferException("a message with ID " + DnsWire.u16(buffer, 0) + ", not the query's " + id);
    }
    if ((buffer[2] & 0x80) == 0) {
      throw new ZoneTransferException("a message that is not a reply");
    }
    int rcode;
    List<Record> answers;
    if (verifier == null) {
      rcode = buffer[3] & 0x0f;
      answers = reader.read(buffer, length);
    } else {
      byte[] bytes = Arrays.copyOf(buffer, length);
      Message m = new Message(bytes);
      rcode = m.getRcode();
      answers = m.getSection(Section.ANSWER);
      if (rcode == Rcode.NOERROR) {
        verify(m, bytes, !answers.isEmpty() && answers.getLast().getType() == Type.SOA);
      }
    }
    if (state == State.INITIAL_SOA) {
      if (rcode != Rcode.NOERROR) {
        if (qtype == Type.IXFR && rcode == Rcode.NOTIMP) {
          askAxfr(out);
          return;
        }
        throw new ZoneTransferException(Rcode.string(rcode));
      }
      int questionType = questionType(length);
      if (questionType >= 0 && questionType != qtype) {
        throw new ZoneTransferException("invalid question section");
      }
      if (answers.isEmpty() && qtype == Type.IXFR) {
        askAxfr(out);
        return;
      }
    }
    for (Record r : answers) {
      take(r);
    }
  }

  private void verify(Message m, byte[] bytes, boolean last) throws ZoneTransferException {
    int error = verifier.verify(m, bytes, last);
    if (error != Rcode.NOERROR) {
      String detail = verifier.getErrorMessage();
      throw new ZoneTransferException("TSIG failure: " + Rcode.TSIGstring(error)
          + (detail == null ? "" : " (" + detail + ")"));
    }
  }

  /** The primary does not do IXFR: the same connection asks for the whole zone. */
  private void askAxfr(OutputStream out) throws IOException {
    qtype = Type.AXFR;
    state = State.INITIAL_SOA;
    send(out);
  }

  /** The first question's type, or -1 when the message repeats none. */
  private int questionType(int length) throws ZoneTransferException {
    if (DnsWire.u16(buffer, 4) == 0) {
      return -1;
    }
    int p = DnsWire.skipName(buffer, 12);
    if (p < 0 || p + 2 > length) {
      throw new ZoneTransferException("invalid question section");
    }
    return DnsWire.u16(buffer, p);
  }

  /** One record, through the states of RFC 1995 section 4 and RFC 5936 section 2.2. */
  private void take(Record r) throws ZoneTransferException {
    int type = r.getType();
    switch (state) {
      case INITIAL_SOA -> {
        if (!(r instanceof SOARecord soa)) {
          throw new ZoneTransferException("missing initial SOA");
        }
        initialSoa = soa;
        endSerial = soa.getSerial();
        state = qtype == Type.IXFR && Serial.compare(endSerial, ixfrSerial) <= 0 ? State.END : State.FIRST_DATA;
      }
      case FIRST_DATA -> {
        if (qtype == Type.IXFR && r instanceof SOARecord soa && soa.getSerial() == ixfrSerial) {
          handler.startIXFR();
          state = State.IXFR_DELETES_SOA;
        } else {
          handler.startAXFR();
          handler.handleRecord(initialSoa);
          state = State.AXFR;
        }
        take(r);
      }
      case IXFR_DELETES_SOA -> {
        handler.startIXFRDeletes(r);
        state = State.IXFR_DELETES;
      }
      case IXFR_DELETES -> {
        if (r instanceof SOARecord soa) {
          currentSerial = soa.getSerial();
          state = State.IXFR_ADDS_SOA;
          take(r);
        } else {
          handler.handleRecord(r);
        }
      }
      case IXFR_ADDS_SOA -> {
        handler.startIXFRAdds(r);
        state = State.IXFR_ADDS;
      }
      case IXFR_ADDS -> {
        if (r instanceof SOARecord soa) {
          if (soa.getSerial() == endSerial) {
            state = State.END;
          } else if (soa.getSerial() != currentSerial) {
            throw new ZoneTransferException("IXFR out of sync: expected serial " + currentSerial
                + ", got " + soa.getSerial());
          } else {
            state = State.IXFR_DELETES_SOA;
            take(r);
          }
        } else {
          handler.handleRecord(r);
        }
      }
      case AXFR -> {
        handler.handleRecord(r);
        if (type == Type.SOA) {
          state = State.END;
        }
      }
      case END -> throw new ZoneTransferException("extra data after the transfer's last SOA");
    }
  }
}
