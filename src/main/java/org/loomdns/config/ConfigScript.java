package org.loomdns.config;

import groovy.lang.Closure;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.loomdns.zone.dsl.GroovySource;

/**
 * The base class of a configuration file. Each setting is a call, {@code port 5353}, named after
 * its option ({@code --max-udp-payload} is {@code maxUdpPayload}); a repeatable one takes several
 * values or a list, and may be called again to add more. Besides the settings: {@code zone} blocks,
 * {@code view} blocks of zones chosen by the client, {@code key} for a TSIG key, {@code secondary}
 * for a zone transferred from primaries, and {@code env} to read a secret from the environment.
 */
public abstract class ConfigScript extends Script {

  /** The calls that are not settings, for suggestions. */
  static final List<String> BLOCKS = List.of("zone", "view", "key", "secondary", "env");

  private static final Set<String> KEY_OPTIONS = Set.of("secret", "algorithm");
  private static final Set<String> SECONDARY_OPTIONS = Set.of("primaries", "key");

  private Collected collected;

  void collecting(Collected collected) {
    this.collected = collected;
  }

  /** Every setting: {@code port 5353}, {@code forward '9.9.9.9', '1.1.1.1'}. */
  public Object methodMissing(String name, Object args) {
    collected.set(name, (Object[]) args, line());
    return null;
  }

  /** A variable of the file; a setting named without a value is a mistake, and so is an unknown name. */
  @Override
  public Object getProperty(String name) {
    try {
      return super.getProperty(name);
    } catch (MissingPropertyException e) {
      if (collected.isKey(name)) {
        throw new IllegalArgumentException(name + " needs a value, as in " + name + " VALUE");
      }
      throw new IllegalArgumentException("unknown setting or variable " + name + Suggest.closest(name, collected.names()));
    }
  }

  /** {@code port = 53} would make a variable and set nothing: said so, not ignored. */
  @Override
  public void setProperty(String name, Object value) {
    if (collected.isKey(name)) {
      throw new IllegalArgumentException("write " + name + " VALUE, not " + name + " = VALUE");
    }
    super.setProperty(name, value);
  }

  /** {@code zone('example.com') { file 'example.com.zone'; notify '192.0.2.2' }}. */
  public void zone(String name, Closure<?> body) {
    zone(Map.of(), name, body);
  }

  /** {@code zone 'example.com', file: 'example.com.zone'}. */
  public void zone(Map<String, ?> options, String name) {
    zone(options, name, null);
  }

  public void zone(Map<String, ?> options, String name, Closure<?> body) {
    collected.zone(zoneBlock(collected, options, name, body));
  }

  /**
   * {@code view('internal') { matchClients '10.0.0.0/8'; zone('example.com') { file '...' } }}:
   * zones answered to the clients it matches, as BIND's {@code view}.
   */
  public void view(String name, Closure<?> body) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a view needs a name: view('internal') { ... }");
    }
    ViewDelegate view = new ViewDelegate(name, collected, collected.file + ":" + line());
    body.setDelegate(view);
    body.setResolveStrategy(Closure.DELEGATE_ONLY);
    body.call();
    collected.view(view.block());
  }

  static ZoneBlock zoneBlock(Collected collected, Map<String, ?> options, String name, Closure<?> body) {
    ZoneDelegate zone = new ZoneDelegate(name, collected.dir, collected.file + ":" + line());
    options.forEach(zone::invokeMethod);
    if (body != null) {
      body.setDelegate(zone);
      body.setResolveStrategy(Closure.DELEGATE_ONLY);
      body.call();
    }
    return zone.block();
  }

  /** {@code key 'xfr', secret: '...', algorithm: 'hmac-sha256'}: a TSIG key, as {@code --tsig-key} gives one. */
  public void key(Map<String, ?> options, String name) {
    known(options, KEY_OPTIONS, "key");
    Object secret = options.get("secret");
    if (secret == null) {
      throw new IllegalArgumentException("key " + name + " needs secret: 'BASE64'");
    }
    Object algorithm = options.get("algorithm");
    collected.set("tsigKey", new Object[] {(algorithm == null ? "" : algorithm + ":") + name + ":" + secret}, line());
  }

  /**
   * {@code secondary 'example.net', primaries: ['192.0.2.1', '192.0.2.9:5300'], key: 'xfr'}: as many
   * {@code --secondary} options, the primaries tried in order.
   */
  public void secondary(Map<String, ?> options, String zone) {
    collected.set("secondary", secondarySpecs(options, zone).toArray(), line());
  }

  /** A secondary block's options as {@code --secondary} values, one per primary. */
  static List<String> secondarySpecs(Map<String, ?> options, String zone) {
    known(options, SECONDARY_OPTIONS, "secondary");
    List<Object> primaries = Values.flatten(new Object[] {options.get("primaries")});
    primaries.remove(null);
    if (primaries.isEmpty()) {
      throw new IllegalArgumentException("secondary " + zone + " needs primaries: ['ADDRESS[:PORT]', ...]");
    }
    Object key = options.get("key");
    List<String> specs = new ArrayList<>();
    for (Object p : primaries) {
      specs.add(p + "/" + zone + (key == null ? "" : "/key:" + key));
    }
    return specs;
  }

  /** The environment variable {@code name}, which must be set: secrets need not be written in the file. */
  public String env(String name) {
    String v = System.getenv(name);
    if (v == null) {
      throw new IllegalArgumentException("environment variable " + name + " is not set");
    }
    return v;
  }

  static void known(Map<String, ?> options, Set<String> allowed, String what) {
    for (String k : new LinkedHashMap<>(options).keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(what + " has no option " + k + Suggest.closest(k, allowed)
            + "; it takes " + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  static int line() {
    return GroovySource.currentLine(ConfigLoader.SCRIPT);
  }
}
