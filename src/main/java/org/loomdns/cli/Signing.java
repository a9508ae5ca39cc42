package org.loomdns.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.loomdns.authority.ServedZones;
import org.loomdns.authority.ZoneSet;
import org.loomdns.chain.Resolver;
import org.loomdns.journal.Journals;
import org.loomdns.signing.Keyring;
import org.loomdns.signing.SignatureLifetime;
import org.loomdns.signing.SignedAnswers;
import org.loomdns.signing.ZoneSigner;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneDiff;
import org.loomdns.zone.ZoneEditor;
import org.tinylog.Logger;
import org.xbill.DNS.Name;

/**
 * {@code --dnssec-keys}: the keys read or made, the zones signed at start, every later version
 * signed as it is published, a re-sign of what expires soon every so often, and the rules'
 * answers signed. Null fields when the option is not given.
 */
final class Signing {

  private final Keyring keyring;
  private final ZoneSigner signer;
  private final SignatureLifetime lifetime;
  private Thread refresher;

  private Signing(Keyring keyring, SignatureLifetime lifetime) {
    this.keyring = keyring;
    this.signer = keyring == null ? null : new ZoneSigner(keyring);
    this.lifetime = lifetime;
  }

  /** No online signing. */
  static Signing none() {
    return new Signing(null, null);
  }

  /**
   * The keys of {@code --dnssec-keys} for the zones of these {@code origins} (each once, though
   * views may serve it twice); IllegalArgumentException for a --dnssec-validity out of range.
   */
  static Signing open(ServeOptions o, Collection<Name> origins) throws IOException {
    if (o.dnssecKeys == null) {
      return none();
    }
    SignatureLifetime lifetime;
    try {
      lifetime = new SignatureLifetime(Duration.ofSeconds(o.dnssecValidity));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--dnssec-validity " + o.dnssecValidity + ": " + e.getMessage(), e);
    }
    return new Signing(Keyring.open(o.dnssecKeys, List.copyOf(new LinkedHashSet<>(origins)), lifetime), lifetime);
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

  /**
   * Signs every version each view's zones publish from now on, and re-signs on a schedule, each
   * re-sign's serial written to the view's journals before it is served.
   */
  void start(List<ZoneView> views) {
    if (signer == null) {
      return;
    }
    views.forEach(v -> v.served().signWith(signer));
    Duration every = lifetime.checkEvery();
    long spread = Math.max(1, Math.min(300, every.toSeconds() / 12));
    refresher = Thread.ofVirtual().name("dnssec-refresh").start(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          // Jitter, so that servers started together do not re-sign together.
          Thread.sleep(every.plusMillis(ThreadLocalRandom.current().nextLong(spread * 1000)));
          for (ZoneView v : views) {
            for (Zone z : v.served().current().zones()) {
              refresh(v.served(), v.journals(), z.origin());
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        Logger.error(e, "re-signing stopped: {}", e.toString());
      }
    });
  }

  /**
   * Re-signs what expires soon in {@code origin} as its writer, as an update would: the serial
   * bump goes to the journal first, so a restart does not serve a lower serial than was served.
   */
  private void refresh(ServedZones served, Journals journals, Name origin) {
    ReentrantLock writer = served.writer(origin);
    writer.lock();
    try {
      ZoneEditor.Edit edit = signer.refresh(served.current().get(origin));
      if (edit == null) {
        return;
      }
      ZoneDiff diff = edit.diff();
      try {
        journals.append(origin, List.of(new ZoneDiff(diff.from(), diff.to(), List.of(), List.of(), 0)));
      } catch (IOException e) {
        Logger.error("zone {}: re-sign not served, its serial could not be journaled (tried again at the next "
            + "look): {}", origin, e.getMessage());
        return;
      }
      served.publish(edit.zone(), diff);
      Logger.info("re-signed zone {}: serial {} to {}", origin, diff.fromSerial(), diff.toSerial());
    } finally {
      writer.unlock();
    }
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
