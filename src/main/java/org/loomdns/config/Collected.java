package org.loomdns.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a configuration file has said so far, while it runs; checked call by call. */
final class Collected {

  private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
  private final Map<String, Setting> settings = new LinkedHashMap<>();
  private final List<ZoneBlock> zones = new ArrayList<>();
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
    for (ZoneBlock z : zones) {
      if (z.name().equalsIgnoreCase(block.name())) {
        throw new IllegalArgumentException("zone " + block.name() + " has two blocks (the first at "
            + z.where() + ")");
      }
    }
    zones.add(block);
  }

  List<String> names() {
    List<String> names = new ArrayList<>(keys.keySet());
    names.addAll(ConfigScript.BLOCKS);
    return names;
  }

  Config config(Path path) {
    return new Config(path, settings, zones);
  }
}
