package org.loomdns.server;

import java.util.ArrayList;
import java.util.List;
import org.loomdns.chain.Outcome;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * RFC 8482's minimal answer to ANY over UDP, whichever stage answered: the CNAME and DNAME records
 * that lead to the name, then of the RRsets there only the one of the lowest type number (an A
 * where there is one), as Knot DNS 3 gives; with DO, the RRSIGs of what is kept. The additional
 * section keeps only addresses of names the kept records point to; the authority section is kept
 * as it is (a negative answer's SOA). A full ANY answer is several times the query, which makes
 * ANY over UDP the favourite of reflection attacks; over TCP, where the source is proven, the
 * answer stays complete.
 */
final class MinimalAny {

  private MinimalAny() {}

  /** {@code answer} with its ANSWER section cut to one RRset, or {@code answer} when it has at most one. */
  static Outcome.Answer of(Outcome.Answer answer, boolean dnssecOk) {
    List<Record> records = answer.answer();
    Name owner = null;
    int type = Integer.MAX_VALUE;
    for (Record r : records) {
      if (!chain(r) && r.getType() != Type.RRSIG && (owner == null || r.getName().equals(owner))) {
        owner = r.getName();
        type = Math.min(type, r.getType());
      }
    }
    if (owner == null) {
      return answer; // nothing but the chain, or nothing but signatures: small already
    }
    List<Record> kept = new ArrayList<>(4);
    for (Record r : records) {
      boolean chosen = r.getName().equals(owner) && r.getType() == type;
      boolean signature = dnssecOk && r instanceof RRSIGRecord sig
          && (sig.getTypeCovered() == Type.CNAME || sig.getTypeCovered() == Type.DNAME
              || (sig.getName().equals(owner) && sig.getTypeCovered() == type));
      if (chosen || chain(r) || signature) {
        kept.add(r);
      }
    }
    if (kept.size() == records.size()) {
      return answer;
    }
    List<Record> additional = new ArrayList<>(2);
    for (Record a : answer.additional()) {
      if (kept.stream().anyMatch(r -> a.getName().equals(r.getAdditionalName()))) {
        additional.add(a);
      }
    }
    return new Outcome.Answer(answer.rcode(), answer.authoritative(), kept, answer.authority(),
        additional);
  }

  private static boolean chain(Record r) {
    return r.getType() == Type.CNAME || r.getType() == Type.DNAME;
  }
}
