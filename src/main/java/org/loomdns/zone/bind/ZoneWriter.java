package org.loomdns.zone.bind;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.loomdns.dnsjava.AddressBytes;
import org.loomdns.zone.Zone;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A zone as a BIND zone file: a comment line, {@code $ORIGIN}, then every record, SOA first, each
 * line as dnsjava's {@code Record.toString} gives it. The names and addresses are written here
 * into one reused buffer, each owner once for all its records: {@code Name.toString}
 * builds a string per label, which for a zone of a million records was most of what writing it
 * allocated, and in a secondary that churn came right after the transfer, in a heap the transfer
 * had just grown.
 */
public final class ZoneWriter {

  /** A name's text is at most 255 wire octets, each at most 4 characters ({@code \DDD}). */
  private static final int NAME_CHARS = 1024;

  private final Writer out;
  private final char[] owner = new char[NAME_CHARS];
  private int ownerLength;
  private Name ownerName;
  private final char[] line = new char[3 * NAME_CHARS];
  private long ttl = -1;
  private String ttlText;

  private ZoneWriter(Writer out) {
    this.out = out;
  }

  public static void write(Zone zone, String comment, Writer w) throws IOException {
    w.write("; " + comment + "\n");
    w.write("$ORIGIN " + zone.origin() + "\n");
    List<Record> records = zone.transferRecords();
    ZoneWriter writer = new ZoneWriter(w);
    for (Record r : records.subList(0, records.size() - 1)) {
      writer.record(r);
    }
  }

  /** One record's line: owner, tabs to dnsjava's columns, TTL, class, type, then the rdata. */
  private void record(Record r) throws IOException {
    if (r.getName() != ownerName) {
      ownerName = r.getName();
      ownerLength = text(ownerName, owner, 0);
    }
    System.arraycopy(owner, 0, line, 0, ownerLength);
    int at = ownerLength;
    if (at < 8) {
      line[at++] = '\t';
    }
    if (at < 16) {
      line[at++] = '\t';
    }
    line[at++] = '\t';
    if (r.getTTL() != ttl) {
      ttl = r.getTTL();
      ttlText = Long.toString(ttl);
    }
    at = append(ttlText, at);
    line[at++] = '\t';
    at = append(DClass.string(r.getDClass()), at);
    line[at++] = '\t';
    at = append(Type.string(r.getType()), at);
    Name target = switch (r) {
      case CNAMERecord c -> c.getTarget();
      case NSRecord ns -> ns.getTarget();
      case MXRecord mx -> mx.getTarget();
      default -> null;
    };
    if (target != null) {
      line[at++] = '\t';
      if (r instanceof MXRecord mx) {
        at = append(Integer.toString(mx.getPriority()), at);
        line[at++] = ' ';
      }
      at = text(target, line, at);
      line[at++] = '\n';
      out.write(line, 0, at);
      return;
    }
    if (r instanceof ARecord || r instanceof AAAARecord) {
      line[at++] = '\t';
      at = r instanceof ARecord a ? ipv4(AddressBytes.ipv4(a), at) : ipv6(AddressBytes.ipv6((AAAARecord) r), at);
      line[at++] = '\n';
      out.write(line, 0, at);
      return;
    }
    out.write(line, 0, at);
    String rdata = r.rdataToString();
    if (!rdata.isEmpty()) {
      out.write('\t');
      out.write(rdata);
    }
    out.write('\n');
  }

  /**
   * An address as dnsjava's A and AAAA records write it, which is Java's {@code getHostAddress}:
   * IPv6 in eight groups of lowercase hex without leading zeros and without {@code ::}, an
   * IPv4-mapped one as {@code 0:0:0:0:0:ffff:} and the dotted quad.
   */
  private int ipv6(byte[] a, int at) {
    boolean mapped = a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    for (int i = 0; mapped && i < 10; i++) {
      mapped = a[i] == 0;
    }
    if (mapped) {
      at = append("0:0:0:0:0:ffff:", at);
      return ipv4((a[12] & 0xFF) << 24 | (a[13] & 0xFF) << 16 | (a[14] & 0xFF) << 8 | a[15] & 0xFF, at);
    }
    for (int i = 0; i < 16; i += 2) {
      int group = (a[i] & 0xFF) << 8 | a[i + 1] & 0xFF;
      for (int shift = 12; shift >= 0; shift -= 4) {
        if (group >> shift != 0 || shift == 0) {
          line[at++] = Character.forDigit(group >> shift & 0xF, 16);
        }
      }
      line[at++] = ':';
    }
    return at - 1;
  }

  private int ipv4(int address, int at) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      at = decimal(address >>> shift & 0xFF, at);
      line[at++] = '.';
    }
    return at - 1;
  }

  private int decimal(int value, int at) {
    if (value >= 100) {
      line[at++] = (char) ('0' + value / 100);
    }
    if (value >= 10) {
      line[at++] = (char) ('0' + value / 10 % 10);
    }
    line[at++] = (char) ('0' + value % 10);
    return at;
  }

  private int append(String s, int at) {
    s.getChars(0, s.length(), line, at);
    return at + s.length();
  }

  /**
   * Writes {@code name} as {@code Name.toString()} does (absolute, with its final dot; octets
   * outside printable ASCII as {@code \DDD}, the zone file's special characters escaped) into
   * {@code into} from {@code at}; returns the index after it.
   */
  static int text(Name name, char[] into, int at) {
    if (name.labels() == 1) {
      into[at++] = '.';
      return at;
    }
    // Label by label: toWire() would make a Name for each suffix, a buffer and a copy.
    for (int l = 0; l < name.labels() - 1; l++) {
      byte[] label = name.getLabel(l);
      for (int i = 1; i < label.length; i++) {
        int b = label[i] & 0xFF;
        if (b <= 0x20 || b >= 0x7F) {
          into[at++] = '\\';
          into[at++] = (char) ('0' + b / 100);
          into[at++] = (char) ('0' + b / 10 % 10);
          into[at++] = (char) ('0' + b % 10);
        } else {
          if (b == '"' || b == '(' || b == ')' || b == '.' || b == ';' || b == '\\' || b == '@' || b == '$') {
            into[at++] = '\\';
          }
          into[at++] = (char) b;
        }
      }
      into[at++] = '.';
    }
    return at;
  }
}
