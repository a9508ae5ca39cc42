package org.loomdns.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import org.loomdns.net.Addresses;
import org.loomdns.stats.Drops;
import org.loomdns.tsig.TsigKey;
import org.loomdns.tsig.TsigKeys;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * RFC 8945 section 5.2 for a request that carries a TSIG record, whatever its opcode: the key
 * must be one of ours with the algorithm the request names (else BADKEY), the MAC must be of a
 * size section 5.2.2.1 allows (else FORMERR) and verify with dnsjava's {@link TSIG#verify}
 * (else BADSIG), the time must be within the fudge (else BADTIME), and the MAC must be whole
 * (else BADTRUNC: a key given as {@code [ALG:]NAME:SECRET} names no shorter length, so its
 * local minimum is the full MAC, as a BIND key without {@code -digestbits} has it). Every
 * failure is counted in {@link Drops.Kind#TSIG_FAILED} and logged, throttled.
 */
final class TsigCheck {

  /** RFC 8945 section 6's algorithms and the length of their MAC, which dnsjava keeps to itself. */
  private static final Map<Name, Integer> MAC_LENGTH = Map.of(
      TSIG.HMAC_MD5, 16, TSIG.HMAC_SHA1, 20, TSIG.HMAC_SHA224, 28,
      TSIG.HMAC_SHA256, 32, TSIG.HMAC_SHA384, 48, TSIG.HMAC_SHA512, 64);

  /** For the TSIG of a BADKEY reply, which carries no MAC. */
  private static final byte[] UNUSED_SECRET = {0};

  private final TsigKeys keys;
  private final Drops drops;

  TsigCheck(TsigKeys keys, Drops drops) {
    this.keys = keys;
    this.drops = drops;
  }

  /**
   * What the TSIG on {@code request} (parsed from {@code wire}) says, or null when it has none.
   * A verdict that is not {@link Verdict#verified()} is the whole answer to the request.
   */
  Verdict check(Message request, byte[] wire, InetSocketAddress client) {
    TSIGRecord tsig = request.getTSIG();
    if (tsig == null) {
      return null;
    }
    TsigKey key = keys.find(tsig.getName());
    if (key == null || !key.algorithm().equals(tsig.getAlgorithm())) {
      return failed(new Verdict(null, tsig, Rcode.BADKEY), client, key == null ? "no such key" : "wrong algorithm");
    }
    int full = MAC_LENGTH.get(key.algorithm());
    int size = tsig.getSignature().length;
    if (size > full || size < Math.max(10, full / 2)) {
      return failed(new Verdict(key, tsig, Rcode.FORMERR), client, "a MAC of " + size + " bytes");
    }
    int error = key.tsig().verify(request, wire, null);
    if (error == Rcode.NOERROR && size < full) {
      error = Rcode.BADTRUNC;
    }
    Verdict verdict = new Verdict(key, tsig, error);
    return error == Rcode.NOERROR ? verdict : failed(verdict, client, null);
  }

  private Verdict failed(Verdict verdict, InetSocketAddress client, String why) {
    String error = verdict.error == Rcode.FORMERR ? "FORMERR" : Rcode.TSIGstring(verdict.error);
    drops.count(Drops.Kind.TSIG_FAILED, "TSIG {} from {} with key {}{}", error, Addresses.text(client),
        verdict.request.getName(), why == null ? "" : ": " + why);
    return verdict;
  }

  /**
   * One request's TSIG outcome: {@code error} is NOERROR when verified, a TSIG error (BADKEY,
   * BADSIG, BADTIME, BADTRUNC), or FORMERR for a MAC of a size no signer may send.
   */
  record Verdict(TsigKey key, TSIGRecord request, int error) {

    boolean verified() {
      return error == Rcode.NOERROR;
    }

    /** The key that signed the request, once verified; null otherwise. */
    Name signer() {
      return verified() ? key.name() : null;
    }

    /** The header's rcode for a failed request: NOTAUTH for a TSIG error (section 5.2). */
    int rcode() {
      return error == Rcode.FORMERR ? Rcode.FORMERR : Rcode.NOTAUTH;
    }

    /**
     * Makes {@code reply} carry this verdict's TSIG, made by dnsjava as the reply is encoded.
     * Verified, BADTIME and BADTRUNC replies are signed with the request's key (BADTIME with the
     * server's time in Other Data); BADSIG and BADKEY ones carry a TSIG with no MAC, as section
     * 5.3.2 says, since the key cannot be trusted with one.
     */
    void sign(Message reply) {
      switch (error) {
        case Rcode.NOERROR, Rcode.BADTIME, Rcode.BADTRUNC, Rcode.BADSIG -> reply.setTSIG(key.tsig(), error, request);
        case Rcode.BADKEY -> unknownKey(reply);
        default -> { } // FORMERR: no signed message we could answer in kind
      }
    }

    /**
     * dnsjava writes an unsigned TSIG for the request's key name and algorithm; the secret it is
     * given is never used. It cannot for an algorithm it does not know: that TSIG is added by hand,
     * and the OPT left out, since dnsjava writes an OPT after every other record and the TSIG
     * must be the last (RFC 8945 section 4.2).
     */
    private void unknownKey(Message reply) {
      if (MAC_LENGTH.containsKey(request.getAlgorithm())) {
        reply.setTSIG(new TSIG(request.getAlgorithm(), request.getName(), UNUSED_SECRET), Rcode.BADKEY, request);
        return;
      }
      OPTRecord opt = reply.getOPT();
      if (opt != null) {
        reply.removeRecord(opt, Section.ADDITIONAL);
      }
      reply.addRecord(new TSIGRecord(request.getName(), DClass.ANY, 0, request.getAlgorithm(), Instant.now(),
          request.getFudge(), new byte[0], request.getOriginalID(), Rcode.BADKEY, null), Section.ADDITIONAL);
    }
  }
}
