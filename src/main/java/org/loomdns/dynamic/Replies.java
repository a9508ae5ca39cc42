package org.loomdns.dynamic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.loomdns.chain.Outcome;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The outcomes a rule can give. Answers and negative answers carry AA: the rule is the authority for
 * the names it answers, as the operator wrote it. A referral (no answer, an NS set in authority and
 * no SOA: RFC 2308 section 2.2 tells them apart so), REFUSED and SERVFAIL do not.
 */
final class Replies {

  private static final List<String> SECTIONS = List.of("authority", "additional");

  private Replies() {}

  /** {@code records} for the answer section; {@code sections} may hold authority: and additional:. */
  static Outcome.Answer answer(int rcode, Map<?, ?> sections, Object records) {
    for (Object key : sections.keySet()) {
      if (!SECTIONS.contains(String.valueOf(key))) {
        throw new IllegalArgumentException("no section '" + key + "'; the others are authority: and additional:");
      }
    }
    List<Record> answer = records(records, "answer");
    List<Record> authority = records(sections.get("authority"), "authority");
    return new Outcome.Answer(rcode, !Outcome.Answer.isReferral(rcode, answer, authority), answer, authority,
        records(sections.get("additional"), "additional"));
  }

  /** What a rule's body returned, as an outcome: null lets the next rule try. */
  static Outcome of(Object result) {
    if (result == null) {
      return Outcome.PASS;
    }
    if (result instanceof Outcome o) {
      return o;
    }
    if (result instanceof Record || result instanceof Collection<?>) {
      return answer(Rcode.NOERROR, Map.of(), result);
    }
    throw new IllegalStateException("the rule returned " + describe(result)
        + "; a rule ends in answer(...), nxdomain(), nodata(), refused(), servfail(), drop() or pass()");
  }

  private static List<Record> records(Object value, String section) {
    List<Record> out = new ArrayList<>();
    flatten(value, section, out);
    return out;
  }

  private static void flatten(Object value, String section, List<Record> out) {
    if (value == null) {
      return;
    }
    if (value instanceof Record r) {
      out.add(r);
    } else if (value instanceof Collection<?> c) {
      c.forEach(v -> flatten(v, section, out));
    } else if (value instanceof Object[] a) {
      for (Object v : a) {
        flatten(v, section, out);
      }
    } else {
      throw new IllegalArgumentException(section + " section: " + describe(value)
          + " is not a record made by A(...), MX(...) and the like");
    }
  }

  private static String describe(Object v) {
    return v.getClass().getSimpleName() + " " + v;
  }
}
