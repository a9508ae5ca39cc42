package org.loomdns.chain;

import org.xbill.DNS.Name;

/**
 * A question and nothing else: what an answer the server may send again to other clients is
 * allowed to depend on. No client, no transport, no request: see {@link ReusableAnswers}. The DO
 * bit (whether DNSSEC records come along) and CD (whether a validating upstream checked the data)
 * are part of it: an answer for one setting is not for the other.
 */
public record Question(Name name, int type, int dclass, boolean dnssecOk, boolean checkingDisabled) {}
