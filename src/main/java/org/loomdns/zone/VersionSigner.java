package org.loomdns.zone;

/**
 * Turns a version about to be published into the one served: a zone signed online gets its
 * signatures here, whoever published it (a reload, an update, a re-sign). Implemented by
 * {@code org.loomdns.signing}; called by whoever publishes versions, which knows this contract alone.
 */
public interface VersionSigner {

  /**
   * The version to serve in place of {@code next}, and its difference from {@code previous}
   * (null when not known). {@code previous} is the version served now (null for a new zone);
   * {@code diff}, when not null, is the difference from it to {@code next}. A zone this signer
   * has no keys for comes back as it was given.
   */
  ZoneEditor.Edit sign(Zone previous, Zone next, ZoneDiff diff);
}
