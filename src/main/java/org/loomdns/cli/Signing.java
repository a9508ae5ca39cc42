package org.loomdns.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.loomdns.authority.ServedZones;
import org.loomdns.authority.ZoneSet;
import org.loomdns.chain.Resolver;
import org.loomdns.signing.Keyring;
import org.loomdns.signing.SignedAnswers;
import org.loomdns.signing.ZoneSigner;
import org.loomdns.zone.Zone;
import org.tinylog.Logger;

/**
 * {@code --dnssec-keys}: the keys read or made, the zones signed at start, every later version
 * signed as it is published, a re-sign of what expires soon every hour or so, and the rules'
 * answers signed. Null fields when the option is not given.
 */
final class Signing {

  private static final Duration EVERY = Duration.ofHours(1);

  private final Keyring keyring;
  private final ZoneSigner signer;
  private Thread refresher;

  private Signing(Keyring keyring) {
    this.keyring = keyring;
    this.signer = keyring == null ? null : new ZoneSigner(keyring);
  }

  /** No online signing. */
  static Signing none() {
    return new Signing(null);
  }

  static Signing open(ServeOptions o, ZoneSet primaries) throws IOException {
    if (o.dnssecKeys == null) {
      return none();
    }
    List<org.xbill.DNS.Name> origins = primaries.zones().stream().map(Zone::origin).toList();
    return new Signing(Keyring.open(o.dnssecKeys, origins));
  }

  /** {@code zones} with each one we have keys for signed whole. */
  ZoneSet signAll(ZoneSet zones) {
    if (signer == null) {
      return zones;
    }
    return new ZoneSet(zones.zones().stream().map(z -> {
      long start = System.nanoTime();
      Zone signed = signer.signAll(z);
      if (signed != z) {
        Logger.info("signed zone {} serial {} ({} records) in {} ms", signed.origin(), signed.serial(),
            signed.recordCount(), (System.nanoTime() - start) / 1_000_000);
      }
      return signed;
    }).toList());
  }

  /** Signs every version {@code served} publishes from now on, and re-signs on a schedule. */
  void start(ServedZones served) {
    if (signer == null) {
      return;
    }
    served.signWith(signer);
    refresher = Thread.ofVirtual().name("dnssec-refresh").start(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          // Jitter, so that servers started together do not re-sign together.
          Thread.sleep(EVERY.plusSeconds(ThreadLocalRandom.current().nextLong(300)));
          for (Zone z : served.current().zones()) {
            served.republish(z.origin(), signer::refresh);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        Logger.error(e, "re-signing stopped: {}", e.toString());
      }
    });
  }

  /** The dynamic stage with its answers signed in the zones we hold keys for. */
  Resolver rules(Resolver dynamic) {
    return keyring == null || dynamic == null ? dynamic : new SignedAnswers(dynamic, keyring);
  }

  void close() {
    if (refresher != null) {
      refresher.interrupt();
    }
  }
}
