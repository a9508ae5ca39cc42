package org.loomdns.hosts;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.Resolver;
import org.tinylog.Logger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Answers from a hosts file: A and AAAA of a listed name, PTR of a listed address, and NODATA
 * for a listed name's other types (it is listed, so it exists; passing it on would let DNS
 * contradict the file). Names not in the file pass. The file is read again when its modification
 * time changes, checked at most once a second; a file that cannot be read keeps the last reading.
 */
public final class HostsResolver implements Resolver {

  /** The TTL of what the file says, as Twisted's hosts resolver gives it. */
  static final long TTL = 3600;
  private static final long CHECK_NANOS = 1_000_000_000L;

  private final Path file;
  private volatile Reading reading;

  private record Reading(HostsFile hosts, FileTime modified, long checkedAt) {}

  private HostsResolver(Path file, Reading first) {
    this.file = file;
    this.reading = first;
  }

  /** A resolver for {@code file}, read now: an unreadable file is an error here, not later. */
  public static HostsResolver of(Path file) throws IOException {
    FileTime modified = Files.getLastModifiedTime(file);
    HostsFile hosts = HostsFile.read(file);
    Logger.info("hosts file {}: {} names", file, hosts.size());
    return new HostsResolver(file, new Reading(hosts, modified, System.nanoTime()));
  }

  @Override
  public String name() {
    return "hosts";
  }

  @Override
  public Outcome resolve(Query query) {
    HostsFile hosts = current();
    Name qname = query.name();
    int type = query.type();
    if (type == Type.PTR) {
      Name target = hosts.name(qname);
      if (target != null) {
        return answer(List.of(new PTRRecord(qname, DClass.IN, TTL, target)));
      }
    }
    List<InetAddress> addresses = hosts.addresses(qname);
    if (addresses == null) {
      return Outcome.PASS;
    }
    List<Record> records = new ArrayList<>();
    for (InetAddress a : addresses) {
      boolean v4 = a instanceof Inet4Address;
      if (v4 && (type == Type.A || type == Type.ANY)) {
        records.add(new ARecord(qname, DClass.IN, TTL, a));
      } else if (!v4 && (type == Type.AAAA || type == Type.ANY)) {
        records.add(new AAAARecord(qname, DClass.IN, TTL, a));
      }
    }
    return answer(records);
  }

  private static Outcome answer(List<Record> records) {
    return new Outcome.Answer(Rcode.NOERROR, false, records, List.of(), List.of());
  }

  private HostsFile current() {
    Reading r = reading;
    long now = System.nanoTime();
    if (now - r.checkedAt() < CHECK_NANOS) {
      return r.hosts();
    }
    synchronized (this) {
      r = reading;
      if (now - r.checkedAt() < CHECK_NANOS) {
        return r.hosts();
      }
      try {
        FileTime modified = Files.getLastModifiedTime(file);
        if (modified.equals(r.modified())) {
          reading = new Reading(r.hosts(), modified, now);
        } else {
          HostsFile hosts = HostsFile.read(file);
          reading = new Reading(hosts, modified, now);
          Logger.info("hosts file {} changed: {} names", file, hosts.size());
        }
      } catch (IOException e) {
        reading = new Reading(r.hosts(), r.modified(), now);
        Logger.warn("hosts file {} cannot be read ({}): keeping what it said before", file, e.getMessage());
      }
      return reading.hosts();
    }
  }
}
