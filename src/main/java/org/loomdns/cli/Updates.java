package org.loomdns.cli;

import java.nio.file.Files;
import org.loomdns.tsig.TsigKeys;
import org.loomdns.update.PolicyLoadException;
import org.loomdns.update.PolicyLoader;
import org.loomdns.update.UpdateAccess;
import org.loomdns.update.UpdatePolicy;
import org.tinylog.Logger;

/** {@code --allow-update} and {@code --update-policy} read into who may update, with the start-up warnings. */
final class Updates {

  private Updates() {}

  /** Who may update, {@code zoneRules} (a configuration file's zone blocks) after the policy file's rules. */
  static UpdateAccess access(ServeOptions o, TsigKeys keys, UpdatePolicy zoneRules) throws PolicyLoadException {
    if (o.updatePolicy != null && !Files.isReadable(o.updatePolicy)) {
      throw new IllegalArgumentException("--update-policy " + o.updatePolicy + ": "
          + (Files.exists(o.updatePolicy) ? "cannot read it" : "no such file"));
    }
    UpdatePolicy policy = (o.updatePolicy == null ? UpdatePolicy.NONE : PolicyLoader.load(o.updatePolicy, keys))
        .and(zoneRules);
    UpdateAccess access = UpdateAccess.parse(o.allowUpdate, keys, policy);
    for (String a : access.byAddress()) {
      Logger.warn("--allow-update {}: updates allowed by source address alone are unsafe (a forged UDP source "
          + "passes); prefer a TSIG key", a);
    }
    policy.byAddress().forEach(r -> Logger.warn("{}: updates granted by source address alone are unsafe "
        + "(a forged UDP source passes); prefer a TSIG key", r));
    if (policy.size() > 0) {
      Logger.info("update policy: {} rules", policy.size());
    }
    return access;
  }
}
