package org.loomdns.signing;

import java.lang.reflect.Method;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.tinylog.Logger;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;

/**
 * Makes one key's RRSIGs, as dnsjava's {@code DNSSEC.sign} would, without its signing: the data
 * to sign is dnsjava's ({@code DNSSEC.digestRRset}), signed by OpenSSL's libcrypto where it can
 * be had for the key ({@code NativeEcdsa}: the JDK's own ECDSA is nearly the whole cost of signing a zone),
 * else through the JCA, whose initialised {@code Signature}s are pooled (signing runs on a
 * parallel stream at start and on virtual threads at query time, so not one per thread) and give
 * ECDSA's r|s raw, as RFC 6605 has it.
 */
final class RrsetSigner {

  /** Makes a key's signer through OpenSSL's libcrypto (src/main/java22), or null on a JDK without it. */
  private static final Method NATIVE = nativeFactory();

  private final SigningKey key;
  private final String algorithm;
  private final ConcurrentLinkedQueue<Signature> idle = new ConcurrentLinkedQueue<>();

  /** libcrypto's ECDSA for this key, or null: the JCA signs. */
  private final RawSigner openssl;

  RrsetSigner(SigningKey key) {
    this(key, true);
  }

  /** A signer that signs through the JCA alone unless {@code nativeAllowed}. */
  RrsetSigner(SigningKey key, boolean nativeAllowed) {
    this.key = key;
    this.algorithm = jcaName(key.dnskey().getAlgorithm());
    this.openssl = nativeAllowed ? nativeSigner(key) : null;
  }

  private static Method nativeFactory() {
    try {
      return Class.forName("org.loomdns.signing.NativeEcdsa").getDeclaredMethod("of", SigningKey.class);
    } catch (ReflectiveOperationException | LinkageError e) {
      Logger.debug("DNSSEC: no native signer on this JDK ({})", e.toString());
      return null;
    }
  }

  private static RawSigner nativeSigner(SigningKey key) {
    if (NATIVE == null) {
      return null;
    }
    try {
      return (RawSigner) NATIVE.invoke(null, key);
    } catch (ReflectiveOperationException | LinkageError e) {
      Logger.warn("DNSSEC: key {} of {} signs through the JDK: {}", key.tag(), key.dnskey().getName(), e.toString());
      return null;
    }
  }

  /** Whether libcrypto makes this key's signatures. */
  boolean throughOpenSsl() {
    return openssl != null;
  }

  /** The JCA's name for a DNSSEC algorithm's signature in the wire form its RFC gives. */
  private static String jcaName(int alg) {
    return switch (alg) {
      case DNSSEC.Algorithm.ECDSAP256SHA256 -> "SHA256withECDSAinP1363Format";
      case DNSSEC.Algorithm.ECDSAP384SHA384 -> "SHA384withECDSAinP1363Format";
      case DNSSEC.Algorithm.RSASHA1, DNSSEC.Algorithm.RSA_NSEC3_SHA1 -> "SHA1withRSA";
      case DNSSEC.Algorithm.RSASHA256 -> "SHA256withRSA";
      case DNSSEC.Algorithm.RSASHA512 -> "SHA512withRSA";
      case DNSSEC.Algorithm.ED25519 -> "Ed25519";
      default -> throw new IllegalArgumentException("DNSSEC algorithm " + alg + " cannot sign here");
    };
  }

  /** The RRSIG of {@code rrset} (one owner, type and class) valid from {@code inception} to {@code expiration}. */
  RRSIGRecord sign(RRset rrset, Instant inception, Instant expiration) {
    DNSKEYRecord dnskey = key.dnskey();
    long ttl = rrset.getTTL();
    // dnsjava writes the signed data (RFC 4034 sections 3.1.8.1, 6.2 and 6.3) from the RRSIG's fields.
    RRSIGRecord unsigned = new RRSIGRecord(rrset.getName(), rrset.getDClass(), ttl, rrset.getType(),
        dnskey.getAlgorithm(), ttl, expiration, inception, key.tag(), dnskey.getName(), new byte[0]);
    byte[] data = DNSSEC.digestRRset(unsigned, rrset);
    byte[] sig = openssl != null ? openssl.sign(data) : jca(data);
    return new RRSIGRecord(rrset.getName(), rrset.getDClass(), ttl, rrset.getType(), dnskey.getAlgorithm(), ttl,
        expiration, inception, key.tag(), dnskey.getName(), sig);
  }

  private byte[] jca(byte[] data) {
    Signature s = idle.poll();
    try {
      if (s == null) {
        s = Signature.getInstance(algorithm);
        s.initSign(key.privateKey());
      }
      s.update(data);
      byte[] sig = s.sign();
      idle.add(s);
      return sig;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("key " + key.tag() + " of " + key.dnskey().getName() + " cannot sign: "
          + e.getMessage(), e);
    }
  }
}
