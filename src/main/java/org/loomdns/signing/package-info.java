/**
 * Online DNSSEC signing: the keys of {@code --dnssec-keys DIR} (BIND's {@code K*.key} and
 * {@code K*.private} files, read, or made for a zone that has none), the signatures of each zone
 * version (made once per version, only what changed re-signed, refreshed before they expire), and
 * the signatures of what is made at query time, cached: NSEC3 white lies for the authority stage
 * through {@link org.loomdns.zone.OnlineSigner}, answers of the dynamic stage through
 * {@link org.loomdns.signing.SignedAnswers}. RRSIGs are made as dnsjava's {@code DNSSEC.sign}
 * makes them, by {@link org.loomdns.signing.RrsetSigner}: ECDSA through OpenSSL's libcrypto where
 * it can be had (src/main/java22), else the JCA. Knows zone data and the chain's contract; nothing
 * of the stages, the server or the command line.
 */
package org.loomdns.signing;
