package org.loomdns.testkit

import org.spockframework.runtime.SpecificationContext
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * A base spec for testing zones and rules. {@code serve(…)}, {@code zones(…)} or {@code rules(…)}
 * start a loomdns: called from a {@code @Shared} field or {@code setupSpec()} it serves every
 * feature of the spec; from {@code setup()} or a feature, that feature alone. It is stopped after
 * its spec or feature. {@code resolve}, {@code query} and {@code queryTcp} ask the feature's own
 * loomdns if it started one, else the spec's.
 */
abstract class LoomdnsSpec extends Specification {

  @Shared @AutoCleanup protected Loomdns specLoomdns
  @AutoCleanup protected Loomdns featureLoomdns

  /** Starts a loomdns with these command-line options: see {@link Loomdns#serve}. */
  Loomdns serve(String... args) {
    keep(Loomdns.serve(args))
  }

  /** Starts a loomdns serving these zone files (BIND, Groovy or Python). */
  Loomdns zones(String... files) {
    keep(Loomdns.zones(files))
  }

  /** Starts a loomdns answering from these rule files. */
  Loomdns rules(String... files) {
    keep(Loomdns.rules(files))
  }

  /** The loomdns this feature asks: its own, else the spec's. */
  Loomdns getLoomdns() {
    def l = featureLoomdns ?: specLoomdns
    if (l == null) {
      throw new IllegalStateException('no loomdns started: call serve(...), zones(...) or rules(...) first, '
          + 'e.g. in a @Shared field: @Shared dns = zones("zones/example.com.zone")')
    }
    l
  }

  /** The answer's data in presentation form: {@code resolve('www.example.com', A) == ['192.0.2.80']}. */
  Answers resolve(String name, int type) { loomdns.resolve(name, type) }

  Answers resolve(String name, String type) { loomdns.resolve(name, type) }

  /** The whole reply over UDP: rcode, flags, sections, TTLs. */
  Reply query(String name, int type) { loomdns.query(name, type) }

  Reply query(String name, String type) { loomdns.query(name, type) }

  /** The whole reply over TCP. */
  Reply queryTcp(String name, int type) { loomdns.queryTcp(name, type) }

  Reply queryTcp(String name, String type) { loomdns.queryTcp(name, type) }

  private Loomdns keep(Loomdns started) {
    // The shared instance runs @Shared initializers and setupSpec(); every feature gets its own instance.
    if (this.is((specificationContext as SpecificationContext).sharedInstance)) {
      specLoomdns?.close()
      specLoomdns = started
    } else {
      featureLoomdns?.close()
      featureLoomdns = started
    }
    started
  }
}
