package org.loomdns.zone;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * What a validator would reject in a pre-signed zone, found before it is served: an RRset that
 * no RRSIG covers, or whose every RRSIG is expired, not yet valid, made by a key the apex does not
 * publish, or does not verify (dnsjava's {@link DNSSEC#verify} checks each); an NSEC chain with a
 * gap, a wrong next name or a type list that is not the name's; an NSEC3 chain whose next hashes
 * do not link up. These are errors. A signature that expires within {@link #SOON} is a warning.
 * A zone without DNSKEY at its apex is not signed and has nothing to check.
 */
public final class DnssecCheck {

  /** Signatures expiring sooner than this are reported, so that the zone is re-signed in time. */
  public static final Duration SOON = Duration.ofDays(7);

  private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, true);

  /** One finding: the RRset it is about, and whether validators would fail answers for it. */
  public record Problem(Name name, int type, boolean error, String message) {}

  private final Zone zone;
  private final Instant now;
  private final List<DNSKEYRecord> keys = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();

  private DnssecCheck(Zone zone, Instant now) {
    this.zone = zone;
    this.now = now;
  }

  /** The problems of {@code zone} at {@code now}: signatures in canonical order of their names, then the chains. */
  public static List<Problem> check(Zone zone, Instant now) {
    DnssecCheck check = new DnssecCheck(zone, now);
    RecordSet dnskeys = zone.node(zone.origin()).get(Type.DNSKEY);
    if (dnskeys == null) {
      return List.of();
    }
    dnskeys.records().forEach(r -> check.keys.add((DNSKEYRecord) r));
    check.run();
    return check.problems;
  }

  private void run() {
    Map<Name, Node> nodes = zone.nodes();
    Set<Name> cuts = new HashSet<>();
    nodes.forEach((name, node) -> {
      if (node.has(Type.NS) && !name.equals(zone.origin())) {
        cuts.add(name);
      }
    });
    TreeSet<Name> authoritative = new TreeSet<>();
    for (Name name : nodes.keySet()) {
      if (!belowCut(name, cuts)) {
        authoritative.add(name);
      }
    }
    for (Name name : authoritative) {
      Node node = nodes.get(name);
      for (RecordSet set : node.sets()) {
        boolean signedHere = !cuts.contains(name) || set.type() == Type.DS || set.type() == Type.NSEC;
        if (set.type() != Type.RRSIG && signedHere) {
          signatures(node, set);
        }
      }
    }
    nsecChain(authoritative, cuts);
    nsec3Chain();
  }

  private boolean belowCut(Name name, Set<Name> cuts) {
    for (int strip = 1; strip < name.labels() - zone.origin().labels(); strip++) {
      if (cuts.contains(new Name(name, strip))) {
        return true;
      }
    }
    return false;
  }

  private void signatures(Node node, RecordSet set) {
    RecordSet sigs = node.get(Type.RRSIG);
    RRset rrset = new RRset(set.records());
    String what = Type.string(set.type()) + " at " + set.name();
    String failure = "no RRSIG covers " + what;
    for (Record r : sigs == null ? List.<Record>of() : sigs.records()) {
      RRSIGRecord sig = (RRSIGRecord) r;
      if (sig.getTypeCovered() != set.type()) {
        continue;
      }
      DNSKEYRecord key = keys.stream()
          .filter(k -> k.getFootprint() == sig.getFootprint() && k.getAlgorithm() == sig.getAlgorithm())
          .findFirst().orElse(null);
      if (key == null) {
        failure = "the RRSIG of " + what + " is by key " + sig.getFootprint() + ", which the apex DNSKEY set lacks";
        continue;
      }
      try {
        DNSSEC.verify(rrset, sig, key, now);
        if (sig.getExpire().isBefore(now.plus(SOON))) {
          problems.add(new Problem(set.name(), set.type(), false,
              "the RRSIG of " + what + " expires " + sig.getExpire() + ", within " + SOON.toDays() + " days"));
        }
        return;
      } catch (DNSSEC.DNSSECException e) {
        failure = "the RRSIG of " + what + " by key " + sig.getFootprint() + " fails: " + e.getMessage();
      }
    }
    problems.add(new Problem(set.name(), set.type(), true, failure));
  }

  /** Every authoritative name and cut has an NSEC naming the next one, with its own types. */
  private void nsecChain(TreeSet<Name> authoritative, Set<Name> cuts) {
    List<Name> owners = new ArrayList<>();
    for (Name name : authoritative) {
      Node node = zone.node(name);
      if (!node.isEmptyNonTerminal() && !node.has(Type.NSEC3)) {
        owners.add(name);
      }
    }
    boolean chain = owners.stream().anyMatch(n -> zone.node(n).has(Type.NSEC));
    if (!chain) {
      return;
    }
    for (int i = 0; i < owners.size(); i++) {
      Name name = owners.get(i);
      Node node = zone.node(name);
      RecordSet set = node.get(Type.NSEC);
      if (set == null) {
        problems.add(new Problem(name, Type.NSEC, true, name + " has no NSEC: the chain skips it"));
        continue;
      }
      NSECRecord nsec = (NSECRecord) set.first();
      Name next = owners.get((i + 1) % owners.size());
      if (!nsec.getNext().equals(next)) {
        problems.add(new Problem(name, Type.NSEC, true,
            "the NSEC at " + name + " points to " + nsec.getNext() + ", but the next name is " + next));
      }
      Set<Integer> listed = new TreeSet<>();
      for (int t : nsec.getTypes()) {
        listed.add(t);
      }
      Set<Integer> present = new TreeSet<>();
      node.sets().forEach(s -> present.add(s.type()));
      if (!listed.equals(present)) {
        problems.add(new Problem(name, Type.NSEC, true, "the NSEC at " + name + " lists " + types(listed)
            + " but the name has " + types(present)));
      }
    }
  }

  /** Each NSEC3's next hash is the hash of the next NSEC3 owner, the last one's the first's. */
  private void nsec3Chain() {
    List<Name> owners = zone.nodes().entrySet().stream().filter(e -> e.getValue().has(Type.NSEC3))
        .map(Map.Entry::getKey).sorted().toList();
    for (int i = 0; i < owners.size(); i++) {
      Name name = owners.get(i);
      NSEC3Record nsec3 = (NSEC3Record) zone.node(name).get(Type.NSEC3).first();
      String next = owners.get((i + 1) % owners.size()).getLabelString(0).toLowerCase();
      String says = BASE32HEX.toString(nsec3.getNext());
      if (!says.equals(next)) {
        problems.add(new Problem(name, Type.NSEC3, true,
            "the NSEC3 at " + name + " points to hash " + says + ", but the next hash in the zone is " + next));
      }
    }
  }

  private static String types(Set<Integer> types) {
    return String.join(" ", types.stream().map(Type::string).toList());
  }
}
