package org.loomdns.client;

import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * A server's reply to an update: whether it was made, and if not, why.
 *
 * @param status the reply's rcode as a value to switch on
 * @param rcode the reply's rcode as a number (also for {@link UpdateStatus#OTHER})
 * @param tsigError the TSIG error the server reported (RFC 8945: BADSIG 16, BADKEY 17, BADTIME
 *     18), 0 when none or when the update was not signed
 * @param server the server that replied, as {@code address#port}
 * @param reply the reply as dnsjava parsed it
 */
public record UpdateResult(UpdateStatus status, int rcode, int tsigError, String server, Message reply) {

  static UpdateResult of(String server, Message reply) {
    int tsigError = reply.getTSIG() == null ? 0 : reply.getTSIG().getError();
    return new UpdateResult(UpdateStatus.of(reply.getRcode()), reply.getRcode(), tsigError, server, reply);
  }

  /** True when the server made the update. */
  public boolean succeeded() {
    return status == UpdateStatus.NOERROR;
  }

  /** The rcode's name as dig prints it, with the TSIG error when there is one: {@code NOTAUTH (BADKEY)}. */
  public String describe() {
    return Rcode.string(rcode) + (tsigError == 0 ? "" : " (" + Rcode.TSIGstring(tsigError) + ")");
  }
}
