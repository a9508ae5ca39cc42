package org.loomdns.client;

import org.xbill.DNS.Rcode;

/**
 * What a server said to an update (RFC 2136 section 2.2, and RFC 8945's TSIG errors), as a value
 * to switch on. {@link #OTHER} stands for any rcode not listed; {@link UpdateResult#rcode()} has it.
 */
public enum UpdateStatus {
  /** The update was made (or its prerequisites held and it changed nothing). */
  NOERROR(Rcode.NOERROR),
  FORMERR(Rcode.FORMERR),
  SERVFAIL(Rcode.SERVFAIL),
  /** A "name is in use" prerequisite failed: the name does not exist. */
  NXDOMAIN(Rcode.NXDOMAIN),
  /** The server does not do updates. */
  NOTIMP(Rcode.NOTIMP),
  /** The server will not take updates from us (no key, or not allowed). */
  REFUSED(Rcode.REFUSED),
  /** A "name is not in use" prerequisite failed: the name exists. */
  YXDOMAIN(Rcode.YXDOMAIN),
  /** An "RRset does not exist" prerequisite failed: it exists. */
  YXRRSET(Rcode.YXRRSET),
  /** An "RRset exists" prerequisite failed: it does not, or not with those records. */
  NXRRSET(Rcode.NXRRSET),
  /** The server is not authoritative for the zone, or the TSIG did not check (see the TSIG error). */
  NOTAUTH(Rcode.NOTAUTH),
  /** A name in the update lies outside the zone. */
  NOTZONE(Rcode.NOTZONE),
  OTHER(-1);

  private final int rcode;

  UpdateStatus(int rcode) {
    this.rcode = rcode;
  }

  /** The status of an rcode; {@link #OTHER} for one not listed. */
  public static UpdateStatus of(int rcode) {
    for (UpdateStatus s : values()) {
      if (s.rcode == rcode) {
        return s;
      }
    }
    return OTHER;
  }
}
