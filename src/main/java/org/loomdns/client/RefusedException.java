package org.loomdns.client;

import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/** Every server asked refused the question (REFUSED). */
public final class RefusedException extends DnsLookupException {

  private static final long serialVersionUID = 1L;

  RefusedException(Record question, String server, Message response) {
    super(describe("REFUSED", question, server), question, server, response, null);
  }
}
