package org.loomdns.config;

import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@code view} block may say: {@code matchClients}, {@code zone} blocks and
 * {@code secondary} zones. Anything else is an error.
 */
final class ViewDelegate extends BlockDelegate {

  static final List<String> KEYS = List.of("matchClients", "zone", "secondary");

  private final String name;
  private final Collected collected;
  private final String where;
  private List<String> matchClients;
  private final List<ZoneBlock> zones = new ArrayList<>();
  private final List<String> secondaries = new ArrayList<>();

  ViewDelegate(String name, Collected collected, String where) {
    super("view", KEYS);
    this.name = name;
    this.collected = collected;
    this.where = where;
  }

  /** {@code matchClients '10.0.0.0/8', 'key:internal'}: the clients this view answers. */
  public void matchClients(Object... entries) {
    if (matchClients != null) {
      throw new IllegalArgumentException("view " + name + " has one matchClients");
    }
    List<String> out = new ArrayList<>();
    for (Object v : Values.flatten(entries)) {
      if (!(v instanceof CharSequence)) {
        throw new IllegalArgumentException("matchClients takes text, not " + v);
      }
      out.add(v.toString());
    }
    matchClients = out;
  }

  public void zone(String zone, Closure<?> body) {
    zone(Map.of(), zone, body);
  }

  public void zone(Map<String, ?> options, String zone) {
    zone(options, zone, null);
  }

  public void zone(Map<String, ?> options, String zone, Closure<?> body) {
    ZoneBlock block = ConfigScript.zoneBlock(collected, options, zone, body);
    for (ZoneBlock z : zones) {
      if (z.name().equalsIgnoreCase(block.name())) {
        throw new IllegalArgumentException("view " + name + ": zone " + block.name() + " has two blocks (the first at "
            + z.where() + ")");
      }
    }
    zones.add(block);
  }

  /** {@code secondary 'example.net', primaries: ['192.0.2.1'], key: 'xfr'}: a secondary zone of this view. */
  public void secondary(Map<String, ?> options, String zone) {
    secondaries.addAll(ConfigScript.secondarySpecs(options, zone));
  }

  ViewBlock block() {
    if (matchClients == null || matchClients.isEmpty()) {
      throw new IllegalArgumentException("view " + name + " needs matchClients: view('" + name
          + "') { matchClients '10.0.0.0/8' } (or 'any')");
    }
    return new ViewBlock(name, matchClients, zones, secondaries, where);
  }
}
