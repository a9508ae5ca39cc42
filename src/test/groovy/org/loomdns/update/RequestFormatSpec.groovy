package org.loomdns.update

import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Opcode
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import org.xbill.DNS.Update
import spock.lang.AutoCleanup
import spock.lang.Specification

/**
 * The malformed updates no real client sends, built with dnsjava and signed: each is FORMERR (or
 * NOTZONE) as RFC 2136 sections 3.1 to 3.4.1 say, and changes nothing.
 */
class RequestFormatSpec extends Specification {

  static final Name ORIGIN = Name.fromString('example.com.')
  static final Name WWW = Name.fromString('www.example.com.')

  @AutoCleanup
  UpdateServer loom = new UpdateServer()

  static Message update(Closure build) {
    def u = new Update(ORIGIN)
    u.add(Name.fromString('new.example.com.'), Type.A, 60, '192.0.2.1')
    build(u)
    u
  }

  def "#what: #expected"() {
    when:
    def reply = loom.send(message)

    then:
    Rcode.string(reply.rcode) == expected
    reply.header.opcode == Opcode.UPDATE
    reply.question.name == message.question.name
    loom.data('new.example.com.', Type.A) == []
    loom.serial() == 2026120501L

    where:
    what                                          | message                                                                                                  | expected
    'the zone section names another type than SOA' | zoneOfType(Type.A)                                                                                      | 'FORMERR'
    'the zone section names a name below the zone' | zoneNamed('www.example.com.')                                                                           | 'NOTAUTH'
    'a prerequisite with a TTL'                    | update { it.addRecord(Record.newRecord(WWW, Type.A, DClass.ANY, 60), Section.PREREQ) }                 | 'FORMERR'
    'a prerequisite of class ANY with data'        | update { it.addRecord(new ARecord(WWW, DClass.ANY, 0, InetAddress.getByName('192.0.2.80')), Section.PREREQ) } | 'FORMERR'
    'a prerequisite of class NONE with data'       | update { it.addRecord(new ARecord(WWW, DClass.NONE, 0, InetAddress.getByName('192.0.2.80')), Section.PREREQ) } | 'FORMERR'
    'a prerequisite of class CH'                   | update { it.addRecord(Record.newRecord(WWW, Type.A, DClass.CH, 0), Section.PREREQ) }                   | 'FORMERR'
    'a prerequisite of type ANY with data, class IN' | update { it.addRecord(Record.newRecord(WWW, Type.ANY, DClass.IN, 0), Section.PREREQ) }               | 'FORMERR'
    'a change of class CH'                         | update { it.addRecord(new ARecord(WWW, DClass.CH, 60, InetAddress.getByName('192.0.2.1')), Section.UPDATE) } | 'FORMERR'
    'a delete of class ANY with a TTL'             | update { it.addRecord(Record.newRecord(WWW, Type.A, DClass.ANY, 60), Section.UPDATE) }                 | 'FORMERR'
    'a delete of class ANY with data'              | update { it.addRecord(new ARecord(WWW, DClass.ANY, 0, InetAddress.getByName('192.0.2.80')), Section.UPDATE) } | 'FORMERR'
    'a delete of class NONE with a TTL'            | update { it.addRecord(new ARecord(WWW, DClass.NONE, 60, InetAddress.getByName('192.0.2.80')), Section.UPDATE) } | 'FORMERR'
    'a delete of class NONE and type ANY'          | update { it.addRecord(Record.newRecord(WWW, Type.ANY, DClass.NONE, 0), Section.UPDATE) }               | 'FORMERR'
    'an add of type AXFR'                          | update { it.addRecord(Record.newRecord(WWW, Type.AXFR, DClass.IN, 60), Section.UPDATE) }               | 'FORMERR'
    'a change outside the zone'                    | update { it.add(Name.fromString('www.example.org.'), Type.A, 60, '192.0.2.1') }                        | 'NOTZONE'
  }

  static Message zoneOfType(int type) {
    def m = update {}
    m.removeAllRecords(Section.ZONE)
    m.addRecord(Record.newRecord(ORIGIN, type, DClass.IN), Section.ZONE)
    m
  }

  static Message zoneNamed(String name) {
    def m = update {}
    m.removeAllRecords(Section.ZONE)
    m.addRecord(Record.newRecord(Name.fromString(name), Type.SOA, DClass.IN), Section.ZONE)
    m
  }
}
