package org.loomdns.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A configuration file read: its settings by key name, in the order the file made them, its
 * zone blocks and its view blocks (when it has views, its zones are all in them). Immutable.
 */
public record Config(Path file, Map<String, Setting> settings, List<ZoneBlock> zones, List<ViewBlock> views) {

  public Config {
    settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    zones = List.copyOf(zones);
    views = List.copyOf(views);
  }

  /** The command-line arguments saying what the file says, except for the options in {@code given}. */
  public List<String> args(Set<String> given) {
    List<String> args = new ArrayList<>();
    for (Setting s : settings.values()) {
      if (!given.contains(s.key().option())) {
        args.addAll(s.args());
      }
    }
    return args;
  }

  /** "file:line" of the setting for {@code option}, or null when the file does not set it. */
  public String whereOf(String option) {
    for (Setting s : settings.values()) {
      if (s.key().option().equals(option)) {
        return file + ":" + s.line();
      }
    }
    return null;
  }
}
