package org.loomdns.querylog

import java.net.StandardProtocolFamily
import java.net.UnixDomainSocketAddress
import java.nio.channels.Channels
import java.nio.channels.ServerSocketChannel
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.IgnoreIf
import spock.lang.Specification

/**
 * --dnstap to a file, a Unix socket and TCP, read back with BIND's dnstap-read. The socket's
 * reader here is a minimal Frame Streams receiver (READY, ACCEPT, START, frames, STOP, FINISH) that
 * writes what it got as a file, for dnstap-read.
 */
@IgnoreIf({ !Dig.available() || !available() })
class DnstapSpec extends Specification {

  static boolean available() {
    try {
      def p = new ProcessBuilder('dnstap-read', '-h').redirectErrorStream(true).start()
      p.inputStream.text
      p.waitFor(10, TimeUnit.SECONDS)
    } catch (IOException ignored) {
      System.getenv('CI') != null
    }
  }

  static List<String> dnstapRead(Path file, String... flags) {
    def p = new ProcessBuilder(['dnstap-read', *flags, file.toString()]).redirectErrorStream(true).start()
    String out = p.inputStream.text
    assert p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0: out
    out.readLines()
  }

  String failure

  static void ask(int port) {
    Dig.run(['@127.0.0.1', '-p', port as String, 'www.example.com', 'A'])
    Dig.run(['@127.0.0.1', '-p', port as String, '+tcp', 'nothere.example.com', 'MX'])
  }

  def "a dnstap file holds each query and response, which dnstap-read reads as AQ and AR"() {
    given:
    Path tap = Scratch.dir('dnstap').resolve('loomdns.dnstap')
    int port = LoomProcess.freePort()
    def loom = LoomProcess.start(['--port', port, '-i', '127.0.0.1', '--bindzone', 'zones/example.com.zone',
                                  '--dnstap', "file:${tap}"])
    assert loom.awaitOutput('serving with stages')

    when:
    ask(port)
    loom.signal('TERM')
    assert loom.awaitExit(30) == 0
    def lines = dnstapRead(tap)

    then:
    lines.size() == 4
    lines[0] ==~ /.* AQ 127\.0\.0\.1:\d+ -> .* UDP \d+b www\.example\.com\/IN\/A/
    lines[1] ==~ /.* AR 127\.0\.0\.1:\d+ <- .* UDP \d+b www\.example\.com\/IN\/A/
    lines[2] ==~ /.* AQ 127\.0\.0\.1:\d+ -> .* TCP \d+b nothere\.example\.com\/IN\/MX/
    lines[3] ==~ /.* AR 127\.0\.0\.1:\d+ <- .* TCP \d+b nothere\.example\.com\/IN\/MX/
    dnstapRead(tap, '-y').join('\n').contains('version: loomdns ')
    dnstapRead(tap, '-p').join('\n').contains('NXDOMAIN')
  }

  def "over #kind the handshake is made and dnstap-read reads what a Frame Streams reader received"() {
    given:
    def dir = Scratch.dir('dnstap')
    def server = kind == 'unix' ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open()
    server.bind(kind == 'unix' ? UnixDomainSocketAddress.of(dir.resolve('tap.sock')) : new InetSocketAddress('127.0.0.1', 0))
    String target = kind == 'unix' ? "unix:${dir.resolve('tap.sock')}" : "tcp:127.0.0.1:${server.localAddress.port}"
    Path received = dir.resolve('received.dnstap')
    def reader = Thread.startVirtualThread {
      try {
        receive(server, received)
      } catch (Throwable e) {
        failure = e.toString()
      }
    }
    int port = LoomProcess.freePort()
    def loom = LoomProcess.start(['--port', port, '-i', '127.0.0.1', '--bindzone', 'zones/example.com.zone',
                                  '--dnstap', target])
    assert loom.awaitOutput('serving with stages')

    when:
    ask(port)
    loom.signal('TERM')
    assert loom.awaitExit(30) == 0
    reader.join(30_000)
    assert Files.exists(received): loom.output + failure
    def lines = dnstapRead(received)

    then:
    lines.size() == 4
    lines.count { it.contains(' AQ ') } == 2
    lines.count { it.contains(' AR ') } == 2
    lines.any { it.endsWith('nothere.example.com/IN/MX') }

    cleanup:
    loom?.close()
    server?.close()

    where:
    kind << ['unix', 'tcp']
  }

  /** One Frame Streams session as a reader: answers READY with ACCEPT and STOP with FINISH; keeps the data frames. */
  static void receive(ServerSocketChannel server, Path file) {
    def channel = server.accept()
    def input = new DataInputStream(Channels.newInputStream(channel))
    def output = new DataOutputStream(Channels.newOutputStream(channel))
    List<byte[]> frames = []
    for (;;) {
      int length = input.readInt()
      if (length != 0) {
        frames << input.readNBytes(length)
        continue
      }
      byte[] frame = input.readNBytes(input.readInt())
      int type = java.nio.ByteBuffer.wrap(frame).getInt()
      if (type == 4) { // READY: ACCEPT, with the content type offered
        control(output, 1, true)
      } else if (type == 3) { // STOP: FINISH
        control(output, 5, false)
        break
      }
    }
    channel.close()
    def out = new DataOutputStream(Files.newOutputStream(file))
    control(out, 2, true)
    frames.each { out.writeInt(it.length); out.write(it) }
    control(out, 3, false)
    out.close()
  }

  static void control(DataOutputStream out, int type, boolean withContentType) {
    byte[] ct = 'protobuf:dnstap.Dnstap'.bytes
    out.writeInt(0)
    out.writeInt(4 + (withContentType ? 8 + ct.length : 0))
    out.writeInt(type)
    if (withContentType) {
      out.writeInt(1)
      out.writeInt(ct.length)
      out.write(ct)
    }
    out.flush()
  }
}
