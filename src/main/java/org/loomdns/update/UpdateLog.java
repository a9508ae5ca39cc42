package org.loomdns.update;

import java.io.IOException;
import java.util.List;
import org.loomdns.zone.ZoneDiff;
import org.xbill.DNS.Name;

/**
 * Where accepted updates are made durable before anyone sees them: the journal implements it.
 * Called once per batch of one zone, from the one thread that holds that zone's turn, with the
 * batch's diffs in the order they were applied (each one's {@code from} is the previous one's
 * {@code to}); never with an empty list.
 */
public interface UpdateLog {

  /**
   * On return, these diffs are on disk, in order. Throwing means none of them may be counted on:
   * the whole batch is answered SERVFAIL and none of it is published.
   */
  void append(Name origin, List<ZoneDiff> diffs) throws IOException;
}
