package org.loomdns.client;

import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/** Every server asked failed to answer (SERVFAIL). */
public final class ServFailException extends DnsLookupException {

  private static final long serialVersionUID = 1L;

  ServFailException(Record question, String server, Message response) {
    super(describe("SERVFAIL", question, server), question, server, response, null);
  }
}
