package org.loomdns.zone;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The whole NSEC3 chain of a zone signed online, with its NSEC3PARAM, signed: what a transfer of
 * it carries, so that a secondary (or {@code dnssec-verify}) gets a complete signed zone, where
 * queries are answered with white lies made on demand. Same parameters as those: SHA-1, no
 * iterations, no salt. Names below a cut (glue) have no NSEC3; an empty non-terminal's has no types.
 */
final class Nsec3Chain {

  private Nsec3Chain() {}

  static List<Record> of(Name origin, Map<Name, Node> nodes, long ttl, OnlineSigner signer) {
    NSEC3PARAMRecord param = new NSEC3PARAMRecord(origin, DClass.IN, 0, NSEC3Record.SHA1_DIGEST_ID, 0,
        OnlineSigner.NSEC3_ITERATIONS, null);
    List<Name> names = nodes.keySet().stream().filter(n -> !belowCut(origin, nodes, n)).toList();
    byte[][] hashes = new byte[names.size()][];
    for (int i = 0; i < hashes.length; i++) {
      try {
        hashes[i] = param.hashName(names.get(i));
      } catch (NoSuchAlgorithmException e) {
        return List.of(); // a JDK without SHA-1: no chain, as no white lies either
      }
    }
    Integer[] order = IntStream.range(0, hashes.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(hashes[a], hashes[b]));
    List<Record> out = new ArrayList<>(hashes.length * 2 + 2);
    out.add(param);
    out.addAll(signer.sign(new RRset(param)));
    for (int i = 0; i < order.length; i++) {
      int at = order[i];
      Node node = nodes.get(names.get(at));
      int[] types = IntStream.concat(node.sets().stream().mapToInt(RecordSet::type),
          names.get(at).equals(origin) ? IntStream.of(Type.NSEC3PARAM) : IntStream.empty()).toArray();
      Name owner = WhiteLies.hashedName(hashes[at], origin);
      if (owner == null) {
        return List.of();
      }
      NSEC3Record nsec3 = new NSEC3Record(owner, DClass.IN, ttl, NSEC3Record.SHA1_DIGEST_ID, 0,
          OnlineSigner.NSEC3_ITERATIONS, null, hashes[order[(i + 1) % order.length]], types);
      out.add(nsec3);
      out.addAll(signer.sign(new RRset(nsec3)));
    }
    return out;
  }

  private static boolean belowCut(Name origin, Map<Name, Node> nodes, Name name) {
    for (int strip = 1; name.labels() - strip > origin.labels(); strip++) {
      Node above = nodes.get(new Name(name, strip));
      if (above != null && above.has(Type.NS)) {
        return true;
      }
    }
    return false;
  }
}
