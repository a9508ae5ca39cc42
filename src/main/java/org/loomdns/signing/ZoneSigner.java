package org.loomdns.signing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.loomdns.zone.Node;
import org.loomdns.zone.RecordSet;
import org.loomdns.zone.VersionSigner;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneBuilder;
import org.loomdns.zone.ZoneDiff;
import org.loomdns.zone.ZoneEditor;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;
import org.xbill.DNS.Type;

/**
 * Signs the versions of the zones of a {@link Keyring}. A version from a file is signed whole: its
 * own DNSSEC records are dropped, the DNSKEY set is put at the apex, and every authoritative RRset
 * is signed (at a cut only the DS; glue not at all). A version that an editor made from a signed
 * one (an update) has only the sets it touched signed again. {@link #refresh} signs again what
 * expires soon. Denials have no chain here: they are made at query time ({@link ZoneKeys}).
 */
public final class ZoneSigner implements VersionSigner {

  /** The records a zone signed here gets from the signer alone; a file's own are dropped. */
  private static final Set<Integer> DNSSEC_TYPES =
      Set.of(Type.RRSIG, Type.NSEC, Type.NSEC3, Type.NSEC3PARAM, Type.DNSKEY);

  private final Keyring keys;

  public ZoneSigner(Keyring keys) {
    this.keys = keys;
  }

  @Override
  public ZoneEditor.Edit sign(Zone previous, Zone next, ZoneDiff diff) {
    ZoneKeys k = keys.keys(next.origin());
    if (k == null) {
      return new ZoneEditor.Edit(next, diff);
    }
    ZoneEditor.Edit data = previous == null || previous.signer() != k ? null : rebased(previous, diff);
    if (data == null) {
      Zone all = signAll(next);
      return previous == null || previous.signer() != k ? new ZoneEditor.Edit(all, null)
          : all.chainedFrom(previous, ZoneDiff.between(previous, all));
    }
    Set<Touched> touched = new LinkedHashSet<>();
    touched.add(new Touched(next.origin(), Type.SOA));
    for (List<Record> side : List.of(data.diff().deleted(), data.diff().added())) {
      for (Record r : side) {
        touched.add(new Touched(r.getName(), r.getType()));
      }
    }
    ZoneEditor.Edit signed = resign(data.zone(), k, touched, data.zone().soa());
    List<Record> deleted = new ArrayList<>(data.diff().deleted());
    deleted.addAll(signed.diff().deleted());
    List<Record> added = new ArrayList<>(data.diff().added());
    added.addAll(signed.diff().added());
    return signed.zone().chainedFrom(previous, data.diff().with(deleted, added));
  }

  /**
   * {@code diff}'s records, its DNSSEC ones aside, applied to {@code previous}, the signed version
   * served: the version to sign again only where it changed, whatever version the diff was made
   * on (the updates of one batch are each made on the last, unsigned). Null when it does not apply.
   */
  private static ZoneEditor.Edit rebased(Zone previous, ZoneDiff diff) {
    if (diff == null || diff.fromSerial() != previous.serial()) {
      return null;
    }
    List<Record> deleted = diff.deleted().stream().filter(r -> !DNSSEC_TYPES.contains(r.getType())).toList();
    List<Record> added = diff.added().stream().filter(r -> !DNSSEC_TYPES.contains(r.getType())).toList();
    ZoneEditor editor = previous.edit();
    if (!editor.apply(new ZoneDiff(previous.soa(), diff.to(), deleted, added, 0))) {
      return null;
    }
    try {
      return editor.commit();
    } catch (ZoneLoadException e) {
      return null;
    }
  }

  /** Whether {@code origin} is signed here. */
  public boolean signs(Name origin) {
    return keys.keys(origin) != null;
  }

  /** {@code zone} signed whole with its keys, or as it is when there are none. */
  public Zone signAll(Zone zone) {
    ZoneKeys k = keys.keys(zone.origin());
    if (k == null) {
      return zone;
    }
    Name origin = zone.origin();
    List<RRset> sets = new ArrayList<>();
    Set<Name> cuts = new HashSet<>();
    RRset current = null;
    List<Record> records = zone.signedBy(null).transferRecords(); // the records alone, no NSEC3 chain
    for (Record r : records.subList(0, records.size() - 1)) {
      if (DNSSEC_TYPES.contains(r.getType())) {
        continue;
      }
      if (r.getType() == Type.NS && !r.getName().equals(origin)) {
        cuts.add(r.getName());
      }
      if (current == null || !current.getName().equals(r.getName()) || current.getType() != r.getType()) {
        current = new RRset();
        sets.add(current);
      }
      current.addRR(r);
    }
    sets.add(new RRset(k.dnskeys()));
    List<Record> sigs = sets.parallelStream()
        .filter(s -> authoritative(origin, cuts::contains, s.getName(), s.getType()))
        .flatMap(s -> k.signNow(s).stream()).map(Record.class::cast).toList();
    ZoneBuilder b = new ZoneBuilder(zone.source(), origin);
    try {
      for (RRset s : sets) {
        for (Record r : s.rrs(false)) {
          b.add(r, zone.source(), 0);
        }
      }
      for (Record r : sigs) {
        b.add(r, zone.source(), 0);
      }
      return b.build().signedBy(k);
    } catch (ZoneLoadException e) {
      throw new IllegalStateException("zone " + origin + " no longer builds once signed: " + e.getMessage(), e);
    }
  }

  /**
   * The next version of {@code zone}, a signed one, with every set whose signatures expire within
   * the refresh time signed again and the serial raised; null when none needs it.
   */
  public ZoneEditor.Edit refresh(Zone zone) {
    ZoneKeys k = zone == null ? null : keys.keys(zone.origin());
    if (k == null || zone.signer() != k) {
      return null;
    }
    Instant now = Instant.now();
    Set<Touched> stale = new LinkedHashSet<>();
    boolean chainStale = false; // the NSEC3 chain's are made again as the next version's chain is made
    for (Record r : zone.transferRecords()) {
      if (r instanceof RRSIGRecord sig && k.stale(sig, now)) {
        if (sig.getTypeCovered() == Type.NSEC3 || sig.getTypeCovered() == Type.NSEC3PARAM) {
          chainStale = true;
        } else {
          stale.add(new Touched(sig.getName(), sig.getTypeCovered()));
        }
      }
    }
    if (stale.isEmpty() && !chainStale) {
      return null;
    }
    SOARecord soa = zone.soa();
    long serial = Serial.increment(soa.getSerial());
    SOARecord next = new SOARecord(soa.getName(), soa.getDClass(), soa.getTTL(), soa.getHost(), soa.getAdmin(),
        serial == 0 ? 1 : serial, soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
    stale.add(new Touched(zone.origin(), Type.SOA));
    ZoneEditor.Edit resigned = resign(zone, k, stale, next);
    return resigned.zone().chainedFrom(zone, resigned.diff());
  }

  private record Touched(Name name, int type) {}

  /** A new version of {@code zone} with {@code soa}, the signatures of {@code touched} made again. */
  private static ZoneEditor.Edit resign(Zone zone, ZoneKeys k, Set<Touched> touched, SOARecord soa) {
    ZoneEditor editor = zone.edit();
    for (Touched t : touched) {
      RecordSet sigs = editor.set(t.name(), Type.RRSIG);
      List<Record> kept = new ArrayList<>();
      if (sigs != null) {
        sigs.records().stream().filter(r -> ((RRSIGRecord) r).getTypeCovered() != t.type()).forEach(kept::add);
      }
      RecordSet set = t.type() == Type.SOA ? null : editor.set(t.name(), t.type());
      List<Record> data = t.type() == Type.SOA ? List.of(soa) : set == null ? List.of() : set.records();
      if (!data.isEmpty() && authoritative(zone.origin(), n -> isCut(editor, zone.origin(), n), t.name(), t.type())) {
        kept.addAll(k.signNow(new RRset(data)));
      }
      if (sigs != null || !kept.isEmpty()) {
        editor.replaceSet(t.name(), Type.RRSIG, kept);
      }
    }
    try {
      return editor.commit(soa);
    } catch (ZoneLoadException e) {
      throw new IllegalStateException("zone " + zone.origin() + " no longer builds once signed: " + e.getMessage(), e);
    }
  }

  private static boolean isCut(ZoneEditor editor, Name origin, Name name) {
    Node node = editor.node(name);
    return node != null && !name.equals(origin) && node.has(Type.NS);
  }

  /**
   * Whether the set of {@code type} at {@code name} is signed: not below a cut, and at a cut only
   * the DS (RFC 4035 section 2.2: the NS and glue there are the child's).
   */
  private static boolean authoritative(Name origin, java.util.function.Predicate<Name> cut, Name name, int type) {
    for (int strip = 1; name.labels() - strip > origin.labels(); strip++) {
      if (cut.test(new Name(name, strip))) {
        return false;
      }
    }
    return !cut.test(name) || type == Type.DS;
  }
}
