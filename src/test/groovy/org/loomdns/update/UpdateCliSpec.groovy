package org.loomdns.update

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.Specification

/** The update options as the command line takes them: errors in one line, warnings at start, check. */
class UpdateCliSpec extends Specification {

  static final String KEY = "hmac-sha256:update-key:${UpdateServer.SECRET}"

  static Path zone() {
    Path dir = Scratch.dir('update-cli')
    Path file = dir.resolve('example.com.zone')
    Files.writeString(file, UpdatePropagationSpec.ZONE)
    file
  }

  def "#what stops the start with one line"() {
    given:
    Path policy = Scratch.file('policy', '.groovy')
    Files.writeString(policy, policyText)

    when:
    def (code, out) = LoomProcess.run(['--bindzone', zone().toString(), '-p', '0', '--tsig-key', KEY] +
        args.collect { it.replace('POLICY', policy.toString()) })

    then:
    code == exit
    out.readLines().findAll { it.startsWith('loomdns: ') } == [expected.replace('POLICY', policy.toString())]

    where:
    what                                   | args                                   | policyText                                | exit | expected
    'an --allow-update key nobody defined' | ['--allow-update', 'nokey']            | ''                                        | 2    | 'loomdns: --allow-update key:nokey names TSIG key nokey, which no --tsig-key defines'
    'a policy naming an unknown key'       | ['--update-policy', 'POLICY']          | "\ngrant key: 'acme', name: 'x.example.com'" | 1 | "loomdns: POLICY:2: grant key: 'acme' names TSIG key acme, which no --tsig-key defines"
    'a missing policy file'                | ['--update-policy', '/nonexistent/p.groovy'] | ''                                  | 2    | 'loomdns: --update-policy /nonexistent/p.groovy: no such file'
  }

  def "an address in --allow-update is warned about at start, and lets unsigned updates in"() {
    given:
    int port = LoomProcess.freePort()
    def loom = LoomProcess.start(['--bindzone', zone(), '-i', '127.0.0.1', '-p', port, '--allow-update', '127.0.0.1'])
    assert loom.awaitOutput('serving with stages')

    when:
    def result = Nsupdate.run(['nsupdate'], "server 127.0.0.1 ${port}\nzone example.com.\nupdate add x.example.com. 60 A 192.0.2.9\nsend\n")

    then:
    loom.output.contains('--allow-update 127.0.0.1/32: updates allowed by source address alone are unsafe') ||
        loom.output.contains('--allow-update 127.0.0.1: updates allowed by source address alone are unsafe')
    UpdateSpec.rcode(result) == 'NOERROR'

    cleanup:
    loom?.close()
  }

  def "without --allow-update or --update-policy an update of our zone is REFUSED, not NOTIMP"() {
    given:
    int port = LoomProcess.freePort()
    def loom = LoomProcess.start(['--bindzone', zone(), '-i', '127.0.0.1', '-p', port, '--tsig-key', KEY])
    assert loom.awaitOutput('serving with stages')

    when:
    def result = Nsupdate.run(['nsupdate', '-y', KEY], "server 127.0.0.1 ${port}\nzone example.com.\nupdate add x.example.com. 60 A 192.0.2.9\nsend\n")

    then:
    UpdateSpec.rcode(result) == 'REFUSED'

    cleanup:
    loom?.close()
  }

  def "a zone of #option is updated like any zone we are primary for"() {
    given: 'a copy of the shipped zone, so that its journal is not left in zones/'
    Path copy = Scratch.dir('update-cli-zone').resolve(Path.of(file).fileName)
    Files.copy(Path.of(file), copy)
    int port = LoomProcess.freePort()
    def loom = LoomProcess.start([option, copy, '-i', '127.0.0.1', '-p', port, '--tsig-key', KEY, '--allow-update', 'update-key'])
    assert loom.awaitOutput('serving with stages')

    when:
    def result = Nsupdate.run(['nsupdate', '-y', KEY], "server 127.0.0.1 ${port}\nzone example.com.\nupdate add new.example.com. 60 A 192.0.2.9\nsend\n")

    then:
    UpdateSpec.rcode(result) == 'NOERROR'
    org.loomdns.support.Knot.send(port, org.xbill.DNS.Name.fromString('new.example.com.'), org.xbill.DNS.Type.A)
        .getSection(1)*.rdataToString() == ['192.0.2.9']
    loom.awaitOutput('update of example.com.: serial 2026112301 to 2026112302 in 1 of 1 updates')

    cleanup:
    loom?.close()

    where:
    option       | file
    '--bindzone' | 'zones/example.com.zone'
    '--pyzone'   | 'zones/example.com.groovy'
  }

  def "check reports a policy file's mistake with file and line, and exits 1"() {
    given:
    Path policy = Scratch.file('policy', '.groovy')
    Files.writeString(policy, "grant key: 'update-key', name: 'a.example.com'\ngrant key: 'update-key', subdomain: 'example.com', types: 'NOPE'\n")

    when:
    def (code, out) = LoomProcess.run(['check', '--tsig-key', KEY, '--update-policy', policy.toString()])

    then:
    code == 1
    out.contains("${policy}:2: types: NOPE is not a record type")
  }
}
