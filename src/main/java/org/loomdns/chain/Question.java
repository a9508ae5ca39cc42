package org.loomdns.chain;

import org.xbill.DNS.Name;

/**
 * A question and nothing else: what an answer the server may send again to other clients is
 * allowed to depend on. No client, no transport, no request: see {@link ReusableAnswers}.
 */
public record Question(Name name, int type, int dclass, boolean dnssecOk) {}
