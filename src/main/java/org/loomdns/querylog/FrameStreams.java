package org.loomdns.querylog;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.loomdns.net.Addresses;

/**
 * Frame Streams (the framing dnstap travels in, github.com/farsightsec/fstrm): data frames are a
 * 32-bit big-endian length and the payload; control frames are a zero length, their own length,
 * a type and fields. To a file the stream is unidirectional: START, the frames, STOP. Over a
 * socket it is bidirectional: we send READY, the reader answers ACCEPT, we send START and the
 * frames, and at the end STOP, answered by FINISH. The content type is always
 * {@code protobuf:dnstap.Dnstap}. A reader that never answers blocks the writer thread alone; the
 * queries meanwhile are dropped and counted.
 */
final class FrameStreams implements AutoCloseable {

  static final byte[] CONTENT_TYPE = "protobuf:dnstap.Dnstap".getBytes(StandardCharsets.US_ASCII);
  private static final int ACCEPT = 0x01;
  private static final int START = 0x02;
  private static final int STOP = 0x03;
  private static final int READY = 0x04;
  private static final int FINISH = 0x05;
  private static final int FIELD_CONTENT_TYPE = 0x01;
  /** A reader's control frame is a few dozen bytes; more is not a Frame Streams reader. */
  private static final int MAX_CONTROL = 512;

  /** Where a stream goes: {@code file:PATH}, {@code unix:PATH} or {@code tcp:HOST:PORT}. */
  record Target(String kind, Path path, InetSocketAddress address) {

    static Target parse(String text) {
      int colon = text.indexOf(':');
      String kind = colon < 0 ? "" : text.substring(0, colon);
      String rest = colon < 0 ? "" : text.substring(colon + 1);
      switch (kind) {
        case "file", "unix" -> {
          if (rest.isEmpty()) {
            throw new IllegalArgumentException("--dnstap " + text + ": no path after " + kind + ":");
          }
          return new Target(kind, Path.of(rest), null);
        }
        case "tcp" -> {
          InetSocketAddress at = Addresses.hostPort(rest);
          if (at == null || at.getPort() == 0) {
            throw new IllegalArgumentException("--dnstap " + text + ": tcp: takes HOST:PORT, e.g. tcp:127.0.0.1:6000");
          }
          return new Target(kind, null, new InetSocketAddress(at.getHostString(), at.getPort()));
        }
        default -> throw new IllegalArgumentException(
            "--dnstap takes file:PATH, unix:PATH or tcp:HOST:PORT, not " + text);
      }
    }

    @Override
    public String toString() {
      return kind + ":" + (path != null ? path : address.getHostString() + ":" + address.getPort());
    }
  }

  private final DataOutputStream out;
  private final DataInputStream in;
  private final AutoCloseable resource;

  private FrameStreams(DataOutputStream out, DataInputStream in, AutoCloseable resource) {
    this.out = out;
    this.in = in;
    this.resource = resource;
  }

  /** Opens {@code target} and begins the stream (after the handshake on a socket). */
  static FrameStreams open(Target target) throws IOException {
    if (target.kind().equals("file")) {
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(target.path(),
          StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 64 * 1024));
      FrameStreams f = new FrameStreams(out, null, out);
      f.control(START);
      return f;
    }
    SocketAddress to = target.path() != null ? UnixDomainSocketAddress.of(target.path()) : target.address();
    SocketChannel channel = target.path() != null ? SocketChannel.open(StandardProtocolFamily.UNIX)
        : SocketChannel.open();
    try {
      channel.connect(to);
      InputStream raw = Channels.newInputStream(channel);
      FrameStreams f = new FrameStreams(new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel),
          64 * 1024)), new DataInputStream(raw), channel);
      f.control(READY);
      f.out.flush();
      f.expect(ACCEPT);
      f.control(START);
      return f;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** One data frame. */
  void write(byte[] payload) throws IOException {
    out.writeInt(payload.length);
    out.write(payload);
  }

  void flush() throws IOException {
    out.flush();
  }

  private void control(int type) throws IOException {
    boolean withType = type != STOP;
    out.writeInt(0);
    out.writeInt(4 + (withType ? 8 + CONTENT_TYPE.length : 0));
    out.writeInt(type);
    if (withType) {
      out.writeInt(FIELD_CONTENT_TYPE);
      out.writeInt(CONTENT_TYPE.length);
      out.write(CONTENT_TYPE);
    }
  }

  /** Reads the reader's control frame, which must be {@code type} and accept our content type. */
  private void expect(int type) throws IOException {
    if (in.readInt() != 0) {
      throw new IOException("the dnstap reader sent data, not a control frame");
    }
    int length = in.readInt();
    if (length < 4 || length > MAX_CONTROL) {
      throw new IOException("the dnstap reader sent a control frame of " + length + " bytes");
    }
    byte[] frame = in.readNBytes(length);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(frame);
    int got = b.getInt();
    if (got != type) {
      throw new IOException("the dnstap reader sent control frame " + got + ", not " + type);
    }
    boolean typeOffered = type == FINISH;
    while (b.remaining() >= 8) {
      int field = b.getInt();
      int len = b.getInt();
      if (len < 0 || len > b.remaining()) {
        throw new IOException("the dnstap reader sent a broken control frame");
      }
      byte[] value = new byte[len];
      b.get(value);
      typeOffered |= field == FIELD_CONTENT_TYPE && Arrays.equals(value, CONTENT_TYPE);
    }
    if (!typeOffered) {
      throw new IOException("the dnstap reader does not accept content type protobuf:dnstap.Dnstap");
    }
  }

  /** Ends the stream: STOP, and on a socket waits (briefly) for FINISH. */
  @Override
  public void close() {
    try {
      control(STOP);
      out.flush();
      if (in != null) {
        expect(FINISH);
      }
    } catch (IOException e) {
      // the reader went away first: the stream ends anyway
    } finally {
      try {
        resource.close();
      } catch (Exception ignored) {
        // nothing left to save
      }
    }
  }
}
