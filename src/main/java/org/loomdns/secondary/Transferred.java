package org.loomdns.secondary;

import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneDiff;

/**
 * A finished transfer: the new version of the zone, how it came (IXFR or AXFR), and what it
 * took, for the one log line each transfer gets; an IXFR's also carries its difference, which
 * the zone's history keeps without comparing the versions again.
 */
public record Transferred(Zone zone, ZoneDiff diff, long fromSerial, String kind, long records, long bytes,
    long millis, Primary primary) {

  /** "zone example. serial 1 -> 2 by IXFR: 3 records, 180 bytes, 12 ms from 127.0.0.1:5300". */
  public String describe() {
    return "zone " + zone.origin() + " serial " + (fromSerial < 0 ? "-" : Long.toString(fromSerial))
        + " -> " + zone.serial() + " by " + kind + ": " + records + " records, " + bytes + " bytes, "
        + millis + " ms from " + primary;
  }
}
