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
   * question, RA and EDNS. Immutable, so a cache may keep it. An answer says nothing of whether
   * it may be sent again: only one made by {@link ReusableAnswers} from the question alone may be.
   */
  record Answer(
      int rcode,
      boolean authoritative,
      List<Record> answer,
      List<Record> authority,
      List<Record> additional)
      implements Outcome {

    public Answer {
      answer = List.copyOf(answer);
      authority = List.copyOf(authority);
      additional = List.copyOf(additional);
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
