/**
 * TSIG keys (RFC 8945) as operators name them, {@code [ALG:]NAME:SECRET} like {@code nsupdate -y}:
 * parsing, the keyring, and nothing else. Signing and verifying are dnsjava's {@link org.xbill.DNS.TSIG};
 * who may do what with a key is the business of the feature that uses it (transfers, NOTIFY,
 * updates). Knows no query path, no sockets and no zones.
 */
package org.loomdns.tsig;
