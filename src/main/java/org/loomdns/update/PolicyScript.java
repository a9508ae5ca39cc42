package org.loomdns.update;

import groovy.lang.Script;
import java.util.Map;

/**
 * The base class of an update policy file: {@code grant(...)} and {@code deny(...)} each declare
 * one rule while the file runs, once, at load. Anything else Groovy allows (variables, loops over
 * a list of hosts) is there to write the rules with; nothing of the file runs per update.
 */
public abstract class PolicyScript extends Script {

  /** Where the file's rules go while it runs. */
  interface Collector {
    void add(boolean grant, Map<?, ?> options);
  }

  private Collector collector;

  void collecting(Collector collector) {
    this.collector = collector;
  }

  /** {@code grant key: 'acme', regex: /_acme-challenge\..*\.example\.com\./, types: 'TXT'}. */
  public void grant(Map<?, ?> options) {
    collector.add(true, options);
  }

  /** As {@link #grant}, but what it matches is refused, whatever later rules grant. */
  public void deny(Map<?, ?> options) {
    collector.add(false, options);
  }
}
