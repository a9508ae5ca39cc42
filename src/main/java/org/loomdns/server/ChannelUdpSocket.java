package org.loomdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** A {@link UdpSocket} on a JDK {@code DatagramChannel}: one datagram per receive, any platform. */
final class ChannelUdpSocket implements UdpSocket {

  private final DatagramChannel channel;
  private final InetSocketAddress local;
  /** Only the reader thread touches it. */
  private final ByteBuffer buffer = ByteBuffer.allocate(65535);

  ChannelUdpSocket(InetSocketAddress bind, int receiveBuffer) throws IOException {
    // Otherwise the JDK's default: dual-stack where the host has IPv6.
    this.channel = UdpSockets.ipv4Only(bind)
        ? DatagramChannel.open(StandardProtocolFamily.INET)
        : DatagramChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
      channel.bind(bind);
      this.local = (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public String kind() {
    return "jdk channel";
  }

  @Override
  public int receiveBuffer() throws IOException {
    return channel.getOption(StandardSocketOptions.SO_RCVBUF);
  }

  @Override
  public void receive(Receiver receiver) throws IOException {
    buffer.clear();
    InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
    byte[] data = new byte[buffer.position()];
    buffer.flip().get(data);
    receiver.datagram(data, from);
  }

  @Override
  public void send(byte[] data, InetSocketAddress to) throws IOException {
    // A stage may leave this thread interrupted, and channel I/O on an interrupted thread closes
    // the channel: the one socket every query shares. Nothing is left to interrupt here.
    Thread.interrupted();
    channel.send(ByteBuffer.wrap(data), to);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
