package org.loomdns.chain;

import java.net.InetSocketAddress;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;

/**
 * One question as a stage sees it: the parsed request (never to be modified), its single
 * question, who asked over what, the request's opcode ({@link Opcode#QUERY} for all but NOTIFY
 * and UPDATE), and the TSIG key whose signature on the request the server verified ({@code null}
 * when it was not signed; a request whose signature fails never reaches the chain).
 */
public record Query(Message request, Record question, InetSocketAddress client, Transport transport,
    int opcode, Name signer) {

  /** A plain, unsigned query. */
  public Query(Message request, Record question, InetSocketAddress client, Transport transport) {
    this(request, question, client, transport, Opcode.QUERY, null);
  }

  /** The question alone, as {@link ReusableAnswers} sees it. */
  public Question asked() {
    return new Question(question.getName(), question.getType(), question.getDClass(), dnssecOk(),
        checkingDisabled());
  }

  public Name name() {
    return question.getName();
  }

  public int type() {
    return question.getType();
  }

  public int dclass() {
    return question.getDClass();
  }

  /**
   * Whether the client set CD (RFC 4035 section 3.2.2): it validates itself and wants data even
   * where a validating upstream would fail it, so such answers are kept apart from the others.
   */
  public boolean checkingDisabled() {
    return request.getHeader().getFlag(Flags.CD);
  }

  /** Whether the client set EDNS's DO bit: it wants DNSSEC records, so a cache keeps them apart. */
  public boolean dnssecOk() {
    OPTRecord opt = request.getOPT();
    return opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
  }
}
