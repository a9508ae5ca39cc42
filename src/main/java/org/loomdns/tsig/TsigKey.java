package org.loomdns.tsig;

import java.util.Base64;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/** One shared secret: its name, its algorithm, and dnsjava's signer for it. */
public record TsigKey(Name name, Name algorithm, TSIG tsig) {

  /** RFC 8945 section 6: HMAC-SHA256 is the one every implementation must have; BIND's default too. */
  public static final Name DEFAULT_ALGORITHM = TSIG.HMAC_SHA256;

  /**
   * A key from {@code [ALG:]NAME:SECRET}, the form {@code nsupdate -y} and {@code dig -y} take:
   * ALG as they spell it ({@code hmac-sha256}, {@code hmac-sha512}, ...), SECRET in base64.
   */
  public static TsigKey parse(String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      // Never the whole text in an error: it holds the secret.
      throw new IllegalArgumentException("a TSIG key is [ALG:]NAME:SECRET, not "
          + parts.length + " fields separated by colons");
    }
    String alg = parts.length == 3 ? parts[0] : null;
    String nameText = parts[parts.length - 2];
    String secret = parts[parts.length - 1];
    Name algorithm = alg == null ? DEFAULT_ALGORITHM : algorithm(alg, nameText);
    if (nameText.isEmpty()) {
      throw new IllegalArgumentException("a TSIG key has no name");
    }
    Name name;
    try {
      name = Name.fromString(nameText, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("TSIG key " + nameText + ": bad key name");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(secret);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TSIG key " + nameText + ": the secret is not base64");
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("TSIG key " + nameText + ": the secret is empty");
    }
    return new TsigKey(name, algorithm, new TSIG(algorithm, name, bytes));
  }

  private static Name algorithm(String alg, String keyName) {
    try {
      return TSIG.algorithmToName(alg.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TSIG key " + keyName + ": unknown algorithm " + alg
          + " (hmac-sha256, hmac-sha384, hmac-sha512, hmac-sha224, hmac-sha1 or hmac-md5)");
    }
  }

  /** The key without its secret, for logs. */
  @Override
  public String toString() {
    return TSIG.nameToAlgorithm(algorithm) + ":" + name;
  }
}
