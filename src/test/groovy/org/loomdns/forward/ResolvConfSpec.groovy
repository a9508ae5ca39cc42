package org.loomdns.forward

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.FileTime
import java.time.Duration
import java.time.Instant
import org.loomdns.support.Scratch
import spock.lang.Specification

class ResolvConfSpec extends Specification {

  static Upstreams parse(String text) {
    ResolvConf.parse(Path.of('resolv.conf'), text.readLines())
  }

  static InetSocketAddress at53(String a) { new InetSocketAddress(InetAddress.getByName(a), 53) }

  def "nameserver lines, IPv4 and IPv6, are the upstreams in order"() {
    when:
    def u = parse('''# written by dhclient
search home.test
nameserver 192.0.2.1
nameserver 2001:db8::53
; a comment
nameserver 198.51.100.7
''')

    then:
    u.servers() == [at53('192.0.2.1'), at53('2001:db8::53'), at53('198.51.100.7')]
    u.timeout() == null
    u.attempts() == 0
  }

  def "options timeout: and attempts: are honoured, within the resolver library's caps"() {
    expect:
    parse("nameserver 192.0.2.1\noptions ${options}\n").with { [it.timeout(), it.attempts()] } == [timeout, attempts]

    where:
    options                           | timeout               | attempts
    'timeout:2 attempts:3'            | Duration.ofSeconds(2) | 3
    'rotate timeout:1'                | Duration.ofSeconds(1) | 0
    'timeout:99 attempts:9'           | Duration.ofSeconds(30) | 5
    'timeout:0 attempts:0'            | Duration.ofSeconds(1) | 1
    'timeout:x ndots:2'               | null                  | 0
  }

  def "a file without nameserver means 127.0.0.1, as the resolver library has it"() {
    expect:
    parse('search home.test\n').servers() == [at53('127.0.0.1')]
  }

  def "a nameserver that is not an IP address is skipped"() {
    expect:
    parse('nameserver dns.example\nnameserver 192.0.2.1\n').servers() == [at53('192.0.2.1')]
  }

  def "the file is read again when it changes"() {
    given:
    Path file = Scratch.file('resolv', '.conf')
    Files.writeString(file, 'nameserver 192.0.2.1\n')
    def conf = new ResolvConf(file)

    when:
    Files.writeString(file, 'nameserver 192.0.2.2\nnameserver 192.0.2.3\n')
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)))
    def servers = conf.get().servers()
    for (int i = 0; i < 40 && servers.size() != 2; i++) {
      Thread.sleep(100)
      servers = conf.get().servers()
    }

    then:
    servers == [at53('192.0.2.2'), at53('192.0.2.3')]

    cleanup:
    Files.deleteIfExists(file)
  }
}
