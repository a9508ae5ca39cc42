package org.loomdns.signing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * BIND's key files, as {@code dnssec-keygen} writes them: {@code K<zone>+<alg>+<tag>.key} holds
 * the DNSKEY record in master-file form, {@code .private} the private key in "Private-key-format:
 * v1.3". Reads ECDSA (13, 14), RSA (5, 7, 8, 10) and Ed25519 (15) keys; writes ECDSA P-256 ones.
 */
final class KeyFiles {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final long KEY_TTL = 3600;

  private KeyFiles() {}

  /** The key in {@code keyFile} (a {@code .key}) with the private key beside it. */
  static SigningKey read(Path keyFile) throws IOException {
    DNSKEYRecord dnskey = null;
    try (InputStream in = Files.newInputStream(keyFile); Master master = new Master(in, null, KEY_TTL)) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        if (r instanceof DNSKEYRecord k) {
          dnskey = k;
        }
      }
    } catch (IOException e) {
      throw new IOException(keyFile + ": " + e.getMessage(), e);
    }
    if (dnskey == null) {
      throw new IOException(keyFile + ": no DNSKEY record");
    }
    String name = keyFile.getFileName().toString();
    Path privateFile = keyFile.resolveSibling(name.substring(0, name.length() - ".key".length()) + ".private");
    if (!Files.isReadable(privateFile)) {
      throw new IOException(privateFile + ": " + (Files.exists(privateFile) ? "cannot read it" : "no such file")
          + " (the private key of " + keyFile.getFileName() + ")");
    }
    Map<String, String> fields = new HashMap<>();
    List<String> lines = Files.readAllLines(privateFile);
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    if (!fields.getOrDefault("Private-key-format", "").startsWith("v1.")) {
      throw new IOException(privateFile + ":1: not a BIND private key (Private-key-format: v1.x)");
    }
    try {
      return new SigningKey(dnskey, privateKey(dnskey, fields));
    } catch (GeneralSecurityException | DNSSEC.DNSSECException | IllegalArgumentException | NullPointerException e) {
      throw new IOException(privateFile + ": cannot read the private key of algorithm " + dnskey.getAlgorithm()
          + " (" + e.getMessage() + ")", e);
    }
  }

  private static PrivateKey privateKey(DNSKEYRecord dnskey, Map<String, String> f)
      throws GeneralSecurityException, DNSSEC.DNSSECException {
    return switch (dnskey.getAlgorithm()) {
      case DNSSEC.Algorithm.ECDSAP256SHA256, DNSSEC.Algorithm.ECDSAP384SHA384 -> KeyFactory.getInstance("EC")
          .generatePrivate(new ECPrivateKeySpec(number(f, "PrivateKey"), ((ECPublicKey) dnskey.getPublicKey()).getParams()));
      case DNSSEC.Algorithm.RSASHA1, DNSSEC.Algorithm.RSA_NSEC3_SHA1, DNSSEC.Algorithm.RSASHA256,
          DNSSEC.Algorithm.RSASHA512 -> KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
              number(f, "Modulus"), number(f, "PublicExponent"), number(f, "PrivateExponent"), number(f, "Prime1"),
              number(f, "Prime2"), number(f, "Exponent1"), number(f, "Exponent2"), number(f, "Coefficient")));
      case DNSSEC.Algorithm.ED25519 -> KeyFactory.getInstance("Ed25519")
          .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, bytes(f, "PrivateKey")));
      default -> throw new GeneralSecurityException("not supported; use 8, 13, 14 or 15");
    };
  }

  private static byte[] bytes(Map<String, String> fields, String key) {
    String value = fields.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no " + key + " field");
    }
    return Base64.getDecoder().decode(value);
  }

  private static BigInteger number(Map<String, String> fields, String key) {
    return new BigInteger(1, bytes(fields, key));
  }

  /** Makes an ECDSA P-256 key (a KSK when {@code ksk}) for {@code zone} and writes its two files to {@code dir}. */
  static SigningKey generate(Path dir, Name zone, boolean ksk) throws IOException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = g.generateKeyPair();
      int flags = DNSKEYRecord.Flags.ZONE_KEY | (ksk ? DNSKEYRecord.Flags.SEP_KEY : 0);
      DNSKEYRecord dnskey = new DNSKEYRecord(zone, DClass.IN, KEY_TTL, flags, DNSKEYRecord.Protocol.DNSSEC,
          DNSSEC.Algorithm.ECDSAP256SHA256, pair.getPublic());
      write(dir, dnskey, (ECPrivateKey) pair.getPrivate(), ksk);
      return new SigningKey(dnskey, pair.getPrivate());
    } catch (GeneralSecurityException | DNSSEC.DNSSECException e) {
      throw new IOException("cannot make an ECDSA P-256 key for " + zone + ": " + e.getMessage(), e);
    }
  }

  /** {@code K<zone>+<alg>+<tag>}, as BIND names a key's files (without the extension). */
  static String baseName(DNSKEYRecord key) {
    return String.format("K%s+%03d+%05d", key.getName(), key.getAlgorithm(), key.getFootprint());
  }

  private static void write(Path dir, DNSKEYRecord dnskey, ECPrivateKey privateKey, boolean ksk) throws IOException {
    String now = STAMP.format(Instant.now());
    String base = baseName(dnskey);
    String kind = ksk ? "key-signing" : "zone-signing";
    Files.writeString(dir.resolve(base + ".key"), "; This is a " + kind + " key, keyid " + dnskey.getFootprint()
        + ", for " + dnskey.getName() + "\n; Created: " + now + "\n; Publish: " + now + "\n; Activate: " + now
        + "\n" + dnskey + "\n");
    byte[] d = unsigned(privateKey.getS(), 32);
    Path privateFile = dir.resolve(base + ".private");
    Files.deleteIfExists(privateFile);
    Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(privateFile, "Private-key-format: v1.3\nAlgorithm: 13 (ECDSAP256SHA256)\nPrivateKey: "
        + Base64.getEncoder().encodeToString(d) + "\nCreated: " + now + "\nPublish: " + now + "\nActivate: " + now + "\n");
  }

  /** {@code n} as exactly {@code size} big-endian bytes, as the private-key format writes it. */
  private static byte[] unsigned(BigInteger n, int size) {
    byte[] raw = n.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
    return out;
  }
}
