package org.loomdns.signing;

import java.security.PrivateKey;
import org.xbill.DNS.DNSKEYRecord;

/** One key of a zone: its DNSKEY record and the private key that signs with it. */
public record SigningKey(DNSKEYRecord dnskey, PrivateKey privateKey) {

  /** Whether the key has the SEP flag (257): a key-signing key, which signs the DNSKEY set. */
  public boolean ksk() {
    return (dnskey.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0;
  }

  public int tag() {
    return dnskey.getFootprint();
  }
}
