package org.loomdns.client;

import java.io.IOException;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A lookup that gave no usable answer. The message names the question and the server(s) asked;
 * {@link #response()} holds the reply when there was one. Subclasses name the common cases.
 */
public class DnsLookupException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Record question;
  private final String server;
  private final transient Message response;

  public DnsLookupException(String message, Record question, String server, Message response, Throwable cause) {
    super(message, cause);
    this.question = question;
    this.server = server;
    this.response = response;
  }

  /** A reply whose rcode says the lookup failed. */
  static DnsLookupException of(Message reply, Record question, String server) {
    int rcode = reply.getRcode();
    return switch (rcode) {
      case Rcode.NXDOMAIN -> new NxDomainException(question, server, reply);
      case Rcode.SERVFAIL -> new ServFailException(question, server, reply);
      case Rcode.REFUSED -> new RefusedException(question, server, reply);
      default -> new DnsLookupException(describe(Rcode.string(rcode), question, server), question, server, reply, null);
    };
  }

  static String describe(String what, Record question, String server) {
    return what + " from " + server + " for " + question.getName() + " " + Type.string(question.getType())
        + " " + DClass.string(question.getDClass());
  }

  /** The question asked, as a record with no data. */
  public Record question() {
    return question;
  }

  /** The server(s) asked, as {@code address#port}, comma-separated when several were tried. */
  public String server() {
    return server;
  }

  /** The reply that carried the failure, if a reply came. */
  public Optional<Message> response() {
    return Optional.ofNullable(response);
  }

  /** The reply's rcode, or -1 when no reply came. */
  public int rcode() {
    return response == null ? -1 : response.getRcode();
  }
}
