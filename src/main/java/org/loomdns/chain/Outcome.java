package org.loomdns.chain;

import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/** What a stage of the chain decided about a query. */
public sealed interface Outcome {

  /** The stage has nothing to say; the next stage gets the query. */
  Outcome PASS = new Pass();

  /** The query gets no reply at all. */
  Outcome DROP = new Drop();

  /**
   * A reply: an rcode, the AA flag, and the three sections. The server adds the header echo, the
   * question, RA and EDNS. Immutable, so a cache may keep it. {@code reuse} is set by a stage
   * whose answer depends on the question alone, never on the transport: within what the
   * {@link Reuse} allows, the server may send the same reply to the same question without asking
   * the chain. Null for answers that must be made afresh for every query.
   */
  record Answer(
      int rcode,
      boolean authoritative,
      List<Record> answer,
      List<Record> authority,
      List<Record> additional,
      Reuse reuse)
      implements Outcome {

    public Answer {
      answer = List.copyOf(answer);
      authority = List.copyOf(authority);
      additional = List.copyOf(additional);
    }

    public Answer(int rcode, boolean authoritative, List<Record> answer, List<Record> authority,
        List<Record> additional) {
      this(rcode, authoritative, answer, authority, additional, null);
    }

    /** The same answer with another {@link Reuse}. */
    public Answer withReuse(Reuse r) {
      return new Answer(rcode, authoritative, answer, authority, additional, r);
    }

    /** A failure with nothing but an rcode. */
    public static Answer failure(int rcode) {
      return new Answer(rcode, false, List.of(), List.of(), List.of());
    }

    @Override
    public String toString() {
      return Rcode.string(rcode)
          + (authoritative ? " aa" : "")
          + " answer=" + answer.size()
          + " authority=" + authority.size()
          + " additional=" + additional.size();
    }
  }

  /** See {@link #PASS}. */
  record Pass() implements Outcome {}

  /** See {@link #DROP}. */
  record Drop() implements Outcome {}
}
