package org.loomdns.chain;

import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

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

    /**
     * Whether these sections make a referral, as RFC 2308 section 2.2 tells one from a negative
     * answer: NOERROR, no answer, an NS set in authority and no SOA.
     */
    public static boolean isReferral(int rcode, List<Record> answer, List<Record> authority) {
      return rcode == Rcode.NOERROR && answer.isEmpty()
          && authority.stream().anyMatch(r -> r.getType() == Type.NS)
          && authority.stream().noneMatch(r -> r.getType() == Type.SOA);
    }

    /** Whether this answer is a referral; see {@link #isReferral(int, List, List)}. */
    public boolean isReferral() {
      return isReferral(rcode, answer, authority);
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
