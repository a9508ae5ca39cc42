package org.loomdns.signing;

/** Signs bytes with one private key, giving the signature in the form its DNSSEC algorithm's RFC gives. */
interface RawSigner {

  byte[] sign(byte[] data);
}
