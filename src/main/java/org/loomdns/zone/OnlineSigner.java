package org.loomdns.zone;

import java.util.List;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;

/**
 * The keys of a zone signed online, as its versions carry them: what the query path asks to sign
 * the records it makes up at query time (the NSEC3 white lies of a negative answer). Implemented
 * by {@code org.loomdns.signing}; the zone and the query path know this contract alone.
 */
public interface OnlineSigner {

  /** NSEC3 parameters of the white lies: SHA-1, no iterations, no salt, as RFC 9276 asks. */
  int NSEC3_ITERATIONS = 0;

  /** The zone-signing key's signatures over {@code rrset} (one owner, type and class), cached or made now. */
  List<RRSIGRecord> sign(RRset rrset);

  /** Whether {@code sig} should be made again: it expires soon, or no key of this zone made it. */
  boolean expiresSoon(RRSIGRecord sig);
}
