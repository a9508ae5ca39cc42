package org.loomdns.cli

import spock.lang.Specification

/**
 * The preload starts before the options are read only when no argument can change the log: its
 * first dnsjava class takes a logger, which fixes the log's configuration.
 */
class PreloadSpec extends Specification {

  def "#args #verdict the log at its default"() {
    expect:
    Preload.loggingLeftDefault(args as String[]) == left

    where:
    args                                                     || left
    ['-i', '127.0.0.1', '-p', '53', '--bindzone', 'a.zone']  || true
    []                                                       || true
    ['--bindzone', 'a.zone', '-v']                           || false
    ['-vv']                                                  || false
    ['--verbose']                                            || false
    ['--log-file', 'x.log']                                  || false
    ['--log-file=x.log']                                     || false
    ['--syslog']                                             || false
    ['--syslog-server', 'h:514']                             || false
    ['--config', 'x.conf.groovy']                            || false
    ['@args.txt']                                            || false

    verdict = left ? 'leave' : 'may change'
  }
}
