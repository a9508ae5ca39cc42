package org.loomdns.cli

import spock.lang.Specification

/** Wrong forwarder and cache options stop the server before it starts, with one clear line. */
class RecursionOptionsSpec extends Specification {

  def "#args is refused with exit #code: #says"() {
    given:
    def out = new ByteArrayOutputStream()
    def err = new ByteArrayOutputStream()

    when:
    int exit = Main.run(args as String[], new PrintStream(out), new PrintStream(err))

    then:
    exit == code
    err.toString().startsWith('loomdns: ')
    err.toString().contains(says)
    err.toString().readLines().size() == 1

    where:
    args                                                          | code | says
    ['--forward', 'dns.example']                                  | 2    | 'dns.example'
    ['--forward', '192.0.2.1:0']                                  | 2    | 'port'
    ['--forward', '192.0.2.1', '--resolv-conf', '/etc/resolv.conf'] | 2  | 'cannot be combined'
    ['--forward', '192.0.2.1', '--forward-policy', 'fastest']     | 2    | 'fastest'
    ['--forward', '192.0.2.1', '--forward-timeout', '0']          | 2    | '--forward-timeout'
    ['-c', '--cache-size', '0', '--forward', '192.0.2.1']         | 2    | '--cache-size'
    ['-c', '--cache-min-ttl', '90', '--cache-max-ttl', '60', '-r'] | 2   | '--cache-min-ttl'
    ['--resolv-conf', '/nonexistent/resolv.conf']                 | 1    | '/nonexistent/resolv.conf'
  }

  def "--help lists the forwarder and cache options"() {
    given:
    def out = new ByteArrayOutputStream()

    when:
    Main.run(['--help'] as String[], new PrintStream(out), new PrintStream(new ByteArrayOutputStream()))

    then:
    ['--recursive', '--resolv-conf', '--forward', '--cache', '--cache-size', '--cache-min-ttl', '--cache-max-ttl',
     '--no-prefetch', '--no-serve-stale'].every { out.toString().contains(it) }
  }
}
