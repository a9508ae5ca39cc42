package org.loomdns.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a configuration file has said so far, while it runs; checked call by call. */
final class Collected {

  /** The options that serve zones, which views leave no place for. */
  private static final java.util.Set<String> OUTSIDE_VIEWS = java.util.Set.of("--bindzone", "--pyzone", "--secondary");

  private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
  private final Map<String, Setting> settings = new LinkedHashMap<>();
  private final List<ZoneBlock> zones = new ArrayList<>();
  private final List<ViewBlock> views = new ArrayList<>();
  final Path dir;
  final String file;

  Collected(List<ConfigKey> keys, Path dir, String file) {
    keys.forEach(k -> this.keys.put(k.name(), k));
    this.dir = dir;
    this.file = file;
  }

  boolean isKey(String name) {
    return keys.containsKey(name);
  }

  /** {@code name(args)} at {@code line}: a repeatable key adds its values, any other is said once. */
  void set(String name, Object[] args, int line) {
    ConfigKey key = keys.get(name);
    if (key == null) {
      throw new IllegalArgumentException("unknown setting " + name + Suggest.closest(name, names()));
    }
    List<String> values = Values.of(key, args, dir);
    Setting before = settings.get(name);
    if (before != null && !key.repeatable()) {
      throw new IllegalArgumentException(name + " is set twice (first at line " + before.line() + ")");
    }
    if (before != null) {
      List<String> all = new ArrayList<>(before.values());
      all.addAll(values);
      values = all;
      line = before.line();
    }
    settings.put(name, new Setting(key, values, line));
  }

  void zone(ZoneBlock block) {
    if (!views.isEmpty()) {
      throw outsideViews(block);
    }
    for (ZoneBlock z : zones) {
      if (z.name().equalsIgnoreCase(block.name())) {
        throw new IllegalArgumentException("zone " + block.name() + " has two blocks (the first at "
            + z.where() + ")");
      }
    }
    zones.add(block);
  }

  /** A view; with views every zone is in one, as BIND has it, so a zone block outside them is a mistake. */
  void view(ViewBlock block) {
    if (!zones.isEmpty()) {
      throw outsideViews(zones.getFirst());
    }
    for (ViewBlock v : views) {
      if (v.name().equals(block.name())) {
        throw new IllegalArgumentException("view " + block.name() + " has two blocks (the first at " + v.where() + ")");
      }
    }
    views.add(block);
  }

  private static IllegalArgumentException outsideViews(ZoneBlock zone) {
    return new IllegalArgumentException("zone " + zone.name() + " (" + zone.where() + ") is outside any view: "
        + "when the file has views, every zone is in one (write it in each view that serves it)");
  }

  List<String> names() {
    List<String> names = new ArrayList<>(keys.keySet());
    names.addAll(ConfigScript.BLOCKS);
    return names;
  }

  /** What the file said; with views, the settings that serve zones outside them are mistakes. */
  Config config(Path path) throws ConfigException {
    if (!views.isEmpty()) {
      for (Setting s : settings.values()) {
        if (OUTSIDE_VIEWS.contains(s.key().option())) {
          throw new ConfigException(file + ":" + s.line(), s.key().name() + " serves zones outside the views: "
              + "when the file has views, every zone is in a view's zone block");
        }
      }
    }
    return new Config(path, settings, zones, views);
  }
}
