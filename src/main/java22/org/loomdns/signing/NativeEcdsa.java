package org.loomdns.signing;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.tinylog.Logger;
import org.xbill.DNS.DNSSEC;

/**
 * ECDSA signatures (P-256 and P-384) made by OpenSSL's libcrypto through the foreign function
 * API: the JDK's pure-Java ECDSA is the whole cost of signing a zone, some five times OpenSSL's,
 * so where libcrypto is installed the signing is done there. The digest is made here; libcrypto
 * signs it with its own nonce (a context per concurrent signer, pooled) and gives DER, which is
 * turned into the r|s of RFC 6605. Each key is checked once, a signature made here verified by
 * the JCA; when libcrypto is missing or that fails the caller signs through the JCA.
 */
final class NativeEcdsa implements RawSigner {

  /** libcrypto's functions, or null when it cannot be loaded. */
  private static final Functions LIB = Functions.load();
  private static final Cleaner CLEANER = Cleaner.create();
  /** Room for a DER ECDSA-Sig-Value of P-384 (at most 104 bytes) and the digest. */
  private static final int SIG_ROOM = 128;
  private static final int DIGEST_ROOM = 64;

  private record Functions(MethodHandle d2iPrivateKey, MethodHandle pkeyFree, MethodHandle ctxNew,
      MethodHandle ctxFree, MethodHandle signInit, MethodHandle sign) {

    static Functions load() {
      for (String name : List.of("libcrypto.so.3", "libcrypto.so", "libcrypto.3.dylib", "libcrypto.dylib")) {
        try {
          SymbolLookup lib = SymbolLookup.libraryLookup(name, Arena.global());
          Functions f = new Functions(
              handle(lib, "d2i_AutoPrivateKey", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG)),
              handle(lib, "EVP_PKEY_free", FunctionDescriptor.ofVoid(ADDRESS)),
              handle(lib, "EVP_PKEY_CTX_new", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS)),
              handle(lib, "EVP_PKEY_CTX_free", FunctionDescriptor.ofVoid(ADDRESS)),
              handle(lib, "EVP_PKEY_sign_init", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
              handle(lib, "EVP_PKEY_sign", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                  JAVA_LONG)));
          Logger.debug("DNSSEC: ECDSA signatures made by {}", name);
          return f;
        } catch (IllegalArgumentException | NoSuchElementException | IllegalCallerException
            | UnsupportedOperationException e) {
          Logger.trace("DNSSEC: no {} ({})", name, e.getMessage());
        }
      }
      Logger.info("DNSSEC: no OpenSSL libcrypto found; ECDSA signatures are made by the JDK, some five times slower");
      return null;
    }

    private static MethodHandle handle(SymbolLookup lib, String function, FunctionDescriptor signature) {
      return Linker.nativeLinker().downcallHandle(lib.find(function).orElseThrow(), signature);
    }
  }

  /** One libcrypto signing context with its own memory and digest; used by one thread at a time. */
  private record Context(MemorySegment ctx, MemorySegment memory, MessageDigest digest) {}

  private final String digestName;
  private final int half;
  private final ConcurrentLinkedQueue<Context> idle = new ConcurrentLinkedQueue<>();
  private final Arena arena = Arena.ofShared();
  private final MemorySegment pkey;

  private NativeEcdsa(MemorySegment pkey, int algorithm) {
    this.pkey = pkey;
    this.digestName = algorithm == DNSSEC.Algorithm.ECDSAP256SHA256 ? "SHA-256" : "SHA-384";
    this.half = algorithm == DNSSEC.Algorithm.ECDSAP256SHA256 ? 32 : 48;
    Arena a = arena;
    ConcurrentLinkedQueue<Context> contexts = idle;
    CLEANER.register(this, () -> free(pkey, contexts, a));
  }

  /**
   * A signer for {@code key} through libcrypto, checked by the JCA; null when the key is not
   * ECDSA, libcrypto is missing, or it does not sign as the JCA verifies. {@link RrsetSigner}
   * calls it by name, since this class is built only on JDK 22 or newer.
   */
  static RawSigner of(SigningKey key) {
    int alg = key.dnskey().getAlgorithm();
    if (LIB == null || (alg != DNSSEC.Algorithm.ECDSAP256SHA256 && alg != DNSSEC.Algorithm.ECDSAP384SHA384)) {
      return null;
    }
    try {
      NativeEcdsa n = new NativeEcdsa(importKey(key.privateKey().getEncoded()), alg);
      byte[] probe = ("loomdns " + key.dnskey().getName() + " " + key.tag()).getBytes(StandardCharsets.US_ASCII);
      Signature check = Signature.getInstance(alg == DNSSEC.Algorithm.ECDSAP256SHA256
          ? "SHA256withECDSAinP1363Format" : "SHA384withECDSAinP1363Format");
      check.initVerify(key.dnskey().getPublicKey());
      check.update(probe);
      if (!check.verify(n.sign(probe))) {
        throw new GeneralSecurityException("libcrypto's signature does not verify");
      }
      return n;
    } catch (GeneralSecurityException | DNSSEC.DNSSECException | IllegalStateException e) {
      Logger.warn("DNSSEC: key {} of {} signs through the JDK: {}", key.tag(), key.dnskey().getName(), e.getMessage());
      return null;
    }
  }

  private static MemorySegment importKey(byte[] pkcs8) throws GeneralSecurityException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment der = a.allocate(pkcs8.length);
      der.copyFrom(MemorySegment.ofArray(pkcs8));
      MemorySegment cursor = a.allocate(ADDRESS);
      cursor.set(ADDRESS, 0, der);
      try {
        MemorySegment pkey = (MemorySegment) LIB.d2iPrivateKey().invokeExact(MemorySegment.NULL, cursor,
            (long) pkcs8.length);
        if (pkey.equals(MemorySegment.NULL)) {
          throw new GeneralSecurityException("libcrypto cannot read the private key");
        }
        return pkey;
      } finally {
        der.fill((byte) 0); // the private key is not left in freed memory
      }
    } catch (GeneralSecurityException e) {
      throw e;
    } catch (Throwable t) {
      throw new GeneralSecurityException("libcrypto: " + t, t);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  /** The signature over {@code data} as RFC 6605 gives it: r then s, each of the curve's size. */
  @Override
  public byte[] sign(byte[] data) {
    Context c = idle.poll();
    if (c == null) {
      c = newContext();
    }
    byte[] digest = c.digest().digest(data);
    MemorySegment m = c.memory();
    MemorySegment.copy(digest, 0, m, JAVA_BYTE, 0, digest.length);
    MemorySegment sigLength = m.asSlice(DIGEST_ROOM, JAVA_LONG.byteSize());
    sigLength.set(JAVA_LONG, 0, SIG_ROOM);
    MemorySegment sig = m.asSlice(DIGEST_ROOM + JAVA_LONG.byteSize(), SIG_ROOM);
    int ok;
    try {
      ok = (int) LIB.sign().invokeExact(c.ctx(), sig, sigLength, m.asSlice(0, digest.length), (long) digest.length);
    } catch (Throwable t) {
      throw new IllegalStateException("libcrypto: " + t, t);
    }
    if (ok != 1) {
      throw new IllegalStateException("libcrypto could not sign (" + ok + ")");
    }
    byte[] der = sig.asSlice(0, sigLength.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
    idle.add(c);
    return EcdsaDer.raw(der, half);
  }

  private Context newContext() {
    try {
      MemorySegment ctx = (MemorySegment) LIB.ctxNew().invokeExact(pkey, MemorySegment.NULL);
      if (ctx.equals(MemorySegment.NULL)) {
        throw new IllegalStateException("libcrypto: no signing context");
      }
      if ((int) LIB.signInit().invokeExact(ctx) != 1) {
        LIB.ctxFree().invokeExact(ctx);
        throw new IllegalStateException("libcrypto: cannot start signing");
      }
      return new Context(ctx, arena.allocate(DIGEST_ROOM + JAVA_LONG.byteSize() + SIG_ROOM, 8),
          MessageDigest.getInstance(digestName));
    } catch (IllegalStateException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("libcrypto: " + t, t);
    }
  }

  /** Frees what libcrypto holds for a signer no longer reachable: its contexts, the key, the memory. */
  private static void free(MemorySegment pkey, ConcurrentLinkedQueue<Context> contexts, Arena arena) {
    try {
      for (Context c; (c = contexts.poll()) != null; ) {
        LIB.ctxFree().invokeExact(c.ctx());
      }
      LIB.pkeyFree().invokeExact(pkey);
    } catch (Throwable t) {
      Logger.warn("DNSSEC: libcrypto could not free a key: {}", t.toString());
    }
    arena.close();
  }
}
