package org.loomdns.client;

import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/** The name does not exist (NXDOMAIN); the server knows it, so no other server is asked. */
public final class NxDomainException extends DnsLookupException {

  private static final long serialVersionUID = 1L;

  NxDomainException(Record question, String server, Message response) {
    super(describe("NXDOMAIN", question, server), question, server, response, null);
  }
}
