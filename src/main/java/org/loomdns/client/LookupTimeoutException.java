package org.loomdns.client;

import org.xbill.DNS.Record;

/** No server answered within the timeout, on any try. */
public final class LookupTimeoutException extends DnsLookupException {

  private static final long serialVersionUID = 1L;

  LookupTimeoutException(String message, Record question, String server, Throwable cause) {
    super(message, question, server, null, cause);
  }
}
