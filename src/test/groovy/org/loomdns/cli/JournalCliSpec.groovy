package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.journal.Journals
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.zone.ZoneFormat
import org.xbill.DNS.DClass
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.SOARecord
import org.xbill.DNS.Type
import spock.lang.Requires
import spock.lang.Specification

/** A zone file with a journal of updates, as the server, `check` and `journal` see it. */
class JournalCliSpec extends Specification {

  static final Name ORIGIN = Name.fromString('dyn.example.')

  Path file

  def setup() {
    file = Scratch.dir('journal-cli').resolve('dyn.example.zone')
    Files.writeString(file, '''$ORIGIN dyn.example.
$TTL 300
@    SOA ns1 hostmaster 10 7200 3600 1209600 60
@    NS  ns1
ns1  A   192.0.2.53
''')
  }

  /** Journals an update that adds {@code owner} A {@code address}, as the server would have. */
  void journalUpdate(String owner, String address) {
    def journals = new Journals(Journals.Limits.DEFAULT)
    def zone = journals.recover(file, ZoneFormat.BIND.load(file))
    def editor = zone.edit()
    editor.add(Record.fromString(Name.fromString(owner, ORIGIN), Type.A, DClass.IN, 60, address, ORIGIN))
    SOARecord s = zone.soa()
    def edit = editor.commit(new SOARecord(ORIGIN, DClass.IN, s.TTL, s.host, s.admin, s.serial + 1,
        s.refresh, s.retry, s.expire, s.minimum))
    journals.append(ORIGIN, [edit.diff()])
  }

  def "journal prints the zone with its updates, and check names the journal and the serial it reaches"() {
    given:
    journalUpdate('dhcp7', '192.0.2.7')

    when:
    def (code, out) = LoomProcess.run(['journal', file.toString()])
    def (checkCode, checkOut) = LoomProcess.run(['check', file.toString()])

    then:
    code == 0
    out.contains('; zone dyn.example. serial 11: ')
    out.contains('IN\tSOA\tns1.dyn.example. hostmaster.dyn.example. 11 7200 ')
    out.contains('dhcp7.dyn.example.\t60\tIN\tA\t192.0.2.7')
    checkCode == 0
    checkOut.contains("zone dyn.example. serial 10, 3 records; with the updates in dyn.example.zone.jnl: serial 11, 4 records: OK")
  }

  def "a zone file edited under updates it lacks is refused by check and at start, with what to do"() {
    given:
    journalUpdate('dhcp7', '192.0.2.7')
    Files.writeString(file, Files.readString(file).replace(' 10 ', ' 12 '))

    when:
    def (checkCode, checkOut) = LoomProcess.run(['check', file.toString()])
    def (startCode, startOut) = LoomProcess.run(['--bindzone', file.toString(), '-i', '127.0.0.1', '-p', LoomProcess.freePort() as String])

    then:
    checkCode == 1
    startCode == 1
    [checkOut, startOut].every {
      it.contains("${file}: it changed since dyn.example.zone.jnl began, and that journal holds updates the file does not have")
    }
  }

  @Requires({ Dig.available() })
  def "a reload keeps the updates while the file is unchanged, and refuses a hand edit made under them"() {
    given:
    journalUpdate('dhcp7', '192.0.2.7')
    int port = LoomProcess.freePort()
    def server = LoomProcess.start(['--bindzone', file.toString(), '-i', '127.0.0.1', '-p', port as String])
    assert server.awaitOutput('serving with stages')
    def ask = { Dig.run(['@127.0.0.1', '-p', port as String, '+short', 'dhcp7.dyn.example.', 'A']).trim() }

    when: 'a reload with the file as it was'
    def before = ask()
    server.signal('HUP')
    assert server.awaitOutput('SIGHUP: reloading zones')
    def afterReload = ask()

    and: 'a reload after the file was edited by hand'
    Files.writeString(file, Files.readString(file).replace(' 10 ', ' 12 '))
    server.signal('HUP')
    assert server.awaitOutput('reload of zone dyn.example. refused')
    def afterEdit = ask()

    then:
    before == '192.0.2.7'
    afterReload == '192.0.2.7'
    afterEdit == '192.0.2.7'
    server.output.contains('replayed 1 entry from')

    cleanup:
    server?.close()
  }
}
