package org.loomdns.signing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loomdns.chain.Generation;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.Resolver;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A stage whose answers are signed when the query has DO: each RRset owned by a name in a zone we
 * hold keys for gets that zone's ZSK signatures, cached by {@link ZoneKeys} per RRset, so a rule
 * answering the same records again costs no signing. A DNSKEY query at such a zone's apex is
 * answered here, from the keys; the zone's SOA and NS are the rules' to answer. Negative answers of
 * the rules carry no denial proof: only a zone served by the authority stage has names to prove
 * absent.
 */
public final class SignedAnswers implements Resolver {

  private final Resolver stage;
  private final Keyring keys;

  public SignedAnswers(Resolver stage, Keyring keys) {
    this.stage = stage;
    this.keys = keys;
  }

  @Override
  public String name() {
    return stage.name();
  }

  @Override
  public Generation passesWhile() {
    return stage.passesWhile();
  }

  @Override
  public boolean recurses() {
    return stage.recurses();
  }

  @Override
  public Outcome resolve(Query query) throws Exception {
    ZoneKeys zone = keys.keysFor(query.name());
    if (zone != null && query.type() == Type.DNSKEY && query.name().equals(zone.origin())) {
      List<Record> answer = new ArrayList<>(zone.dnskeys());
      if (query.dnssecOk()) {
        answer.addAll(zone.sign(new RRset(zone.dnskeys())));
      }
      return new Outcome.Answer(Rcode.NOERROR, true, answer, List.of(), List.of());
    }
    Outcome outcome = stage.resolve(query);
    if (!query.dnssecOk() || !(outcome instanceof Outcome.Answer a)) {
      return outcome;
    }
    return new Outcome.Answer(a.rcode(), a.authoritative(), signed(a.answer()), signed(a.authority()),
        signed(a.additional()));
  }

  /** {@code section} with the signatures of each of its RRsets in a zone we hold keys for after it. */
  private List<Record> signed(List<Record> section) {
    if (section.isEmpty()) {
      return section;
    }
    Map<List<Object>, RRset> sets = new LinkedHashMap<>();
    for (Record r : section) {
      if (r.getType() != Type.RRSIG) {
        sets.computeIfAbsent(List.of(r.getName(), r.getType(), r.getDClass()), k -> new RRset()).addRR(r);
      }
    }
    List<Record> out = new ArrayList<>(section.size() * 2);
    for (RRset set : sets.values()) {
      out.addAll(set.rrs(false));
      ZoneKeys zone = keys.keysFor(set.getName());
      if (zone != null) {
        out.addAll(zone.sign(set));
      }
    }
    return out;
  }
}
