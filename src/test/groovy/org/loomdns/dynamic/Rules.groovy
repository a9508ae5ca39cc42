package org.loomdns.dynamic

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Transport
import org.loomdns.support.Scratch
import org.xbill.DNS.DClass
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Type

/** Rule files written from text, loaded as the server loads them, and asked in-process. */
class Rules {

  static Path write(String text, String fileName = 'rules.groovy') {
    Path f = Scratch.dir('rules').resolve(fileName)
    Files.writeString(f, text)
    f
  }

  static DynamicResolver load(String text, Duration timeout = Duration.ofSeconds(5)) {
    DynamicResolver.load([write(text)], [], timeout)
  }

  static Query query(String name, String type = 'A', String client = '127.0.0.1', String transport = 'udp',
      int dclass = DClass.IN) {
    Record q = Record.newRecord(Name.fromString(name, Name.root), Type.value(type), dclass)
    new Query(Message.newQuery(q), q, new InetSocketAddress(InetAddress.getByName(client), 5353),
        Transport.valueOf(transport.toUpperCase()))
  }

  /** TXT strings each in quotes, so "a b" and "a" "b" differ; other types as dnsjava writes them. */
  static String rdata(Record r) {
    r instanceof org.xbill.DNS.TXTRecord ? r.strings.collect { '"' + it + '"' }.join(' ') : r.rdataToString()
  }

  /** An outcome in one line: "PASS", "DROP", or the rcode, "aa" and the answer's rdata. */
  static String describe(Outcome o) {
    switch (o) {
      case Outcome.Pass: return 'PASS'
      case Outcome.Drop: return 'DROP'
      default:
        def a = o as Outcome.Answer
        return ([Rcode.string(a.rcode())] + (a.authoritative() ? ['aa'] : []) +
            a.answer().collect { Type.string(it.type) + ' ' + rdata(it) }).join(' ')
    }
  }
}
