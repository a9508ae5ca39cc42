package org.loomdns.zone.dsl;

import groovy.lang.Binding;
import groovy.lang.Script;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * A Groovy script base class in which {@code A('www.example.com', '192.0.2.1')}, {@code MX(...)}
 * and every other {@link RecordConstructors} name is a method. Use it as a CompilerConfiguration's
 * script base class. The methods are real ones, not methodMissing, so Groovy's call sites cache
 * them: a 20,000-record zone makes 20,000 plain calls. Each takes the arguments as Groovy passes
 * them, named arguments first as a Map.
 */
public abstract class RecordScript extends Script {

  private RecordConstructors records = new RecordConstructors(3600);
  private int literalLine;

  protected RecordScript() {}

  protected RecordScript(Binding binding) {
    super(binding);
  }

  /** The constructors this script's calls use (default: a TTL of one hour when none is given). */
  public void useConstructors(RecordConstructors constructors) {
    this.records = constructors;
  }

  /**
   * Makes a run of constructor calls whose arguments are all literals, which {@link Chunker} gathers
   * into one call: one dynamic call site instead of thousands, each costly to link the first time.
   * {@code args[i]} are call {@code i}'s arguments as Groovy passes them; {@code lines[i]} its line.
   */
  public List<Record> literalRecords(int[] lines, String[] names, Object[][] args) {
    List<Record> out = new ArrayList<>(names.length);
    try {
      for (int i = 0; i < names.length; i++) {
        literalLine = lines[i];
        try {
          out.add(records.call(names[i], args[i]));
        } catch (BadRecordException e) {
          throw new BadRecordException(e.getMessage(), lines[i]);
        }
      }
    } finally {
      literalLine = 0;
    }
    return out;
  }

  /** The line of the literal call {@link #literalRecords} is making now; 0 outside it. */
  public int literalLine() {
    return literalLine;
  }

  public Record A(Object... args) {
    return records.call("A", args);
  }

  public Record A6(Object... args) {
    return records.call("A6", args);
  }

  public Record AAAA(Object... args) {
    return records.call("AAAA", args);
  }

  public Record AFSDB(Object... args) {
    return records.call("AFSDB", args);
  }

  public Record CAA(Object... args) {
    return records.call("CAA", args);
  }

  public Record CDNSKEY(Object... args) {
    return records.call("CDNSKEY", args);
  }

  public Record CDS(Object... args) {
    return records.call("CDS", args);
  }

  public Record CNAME(Object... args) {
    return records.call("CNAME", args);
  }

  public Record DNAME(Object... args) {
    return records.call("DNAME", args);
  }

  public Record DNSKEY(Object... args) {
    return records.call("DNSKEY", args);
  }

  public Record DS(Object... args) {
    return records.call("DS", args);
  }

  public Record HINFO(Object... args) {
    return records.call("HINFO", args);
  }

  public Record HTTPS(Object... args) {
    return records.call("HTTPS", args);
  }

  public Record LOC(Object... args) {
    return records.call("LOC", args);
  }

  public Record MB(Object... args) {
    return records.call("MB", args);
  }

  public Record MD(Object... args) {
    return records.call("MD", args);
  }

  public Record MF(Object... args) {
    return records.call("MF", args);
  }

  public Record MG(Object... args) {
    return records.call("MG", args);
  }

  public Record MINFO(Object... args) {
    return records.call("MINFO", args);
  }

  public Record MR(Object... args) {
    return records.call("MR", args);
  }

  public Record MX(Object... args) {
    return records.call("MX", args);
  }

  public Record NAPTR(Object... args) {
    return records.call("NAPTR", args);
  }

  public Record NS(Object... args) {
    return records.call("NS", args);
  }

  public Record NULL(Object... args) {
    return records.call("NULL", args);
  }

  public Record OPENPGPKEY(Object... args) {
    return records.call("OPENPGPKEY", args);
  }

  public Record PTR(Object... args) {
    return records.call("PTR", args);
  }

  public Record RP(Object... args) {
    return records.call("RP", args);
  }

  public Record RR(Object... args) {
    return records.call("RR", args);
  }

  public Record SMIMEA(Object... args) {
    return records.call("SMIMEA", args);
  }

  public Record SOA(Object... args) {
    return records.call("SOA", args);
  }

  public Record SPF(Object... args) {
    return records.call("SPF", args);
  }

  public Record SRV(Object... args) {
    return records.call("SRV", args);
  }

  public Record SSHFP(Object... args) {
    return records.call("SSHFP", args);
  }

  public Record SVCB(Object... args) {
    return records.call("SVCB", args);
  }

  public Record TLSA(Object... args) {
    return records.call("TLSA", args);
  }

  public Record TXT(Object... args) {
    return records.call("TXT", args);
  }

  public Record URI(Object... args) {
    return records.call("URI", args);
  }

  public Record WKS(Object... args) {
    return records.call("WKS", args);
  }
}
