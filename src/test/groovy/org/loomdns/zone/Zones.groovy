package org.loomdns.zone

import org.xbill.DNS.DClass
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.Type

/** Zones built in memory for the diff and history specs: an apex, then numbered A records. */
class Zones {

  static final Name ORIGIN = Name.fromString('diff.example.')

  static Record record(String owner, String type, String rdata, long ttl = 300) {
    Record.fromString(Name.fromString(owner, ORIGIN), Type.value(type), DClass.IN, ttl, rdata, ORIGIN)
  }

  /**
   * The zone at {@code serial} with {@code hosts} A records, host N's address changed when
   * {@code edits} has N, and {@code extra} records (from {@link #record}) after them.
   */
  static Zone hosts(long serial, int hosts, Map<Integer, String> edits = [:], List<Record> extra = []) {
    def b = new ZoneBuilder('diff.example.zone', ORIGIN)
    b.add(record('@', 'SOA', "ns1 hostmaster ${serial} 7200 3600 1209600 60"), 'diff.example.zone', 0)
    b.add(record('@', 'NS', 'ns1'), 'diff.example.zone', 0)
    b.add(record('ns1', 'A', '192.0.2.53'), 'diff.example.zone', 0)
    for (int i = 1; i <= hosts; i++) {
      String address = edits[i] ?: "10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}"
      b.add(record("host${i}", 'A', address), 'diff.example.zone', 0)
    }
    extra.each { b.add(it, 'diff.example.zone', 0) }
    b.build()
  }
}
