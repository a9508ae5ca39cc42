package org.loomdns.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;
import com.beust.jcommander.ParameterException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.loomdns.config.Config;
import org.loomdns.config.ConfigException;
import org.loomdns.config.ConfigKey;
import org.loomdns.config.ConfigLoader;

/**
 * {@code --config FILE} read into the same options the command line gives: every option of
 * {@link ServeOptions} is a setting of the file, named after it ({@code --max-udp-payload} is
 * {@code maxUdpPayload}), so an option added there is a setting with no more code. The file's
 * settings become arguments, and the command line's own come after them and win.
 */
final class ConfigFile {

  /** Options that say what to do instead of serving, or name the file itself. */
  private static final Set<String> NOT_SETTINGS = Set.of("--config", "--help", "--version");
  /** Names Groovy reserves, and what the file says instead. */
  private static final Map<String, String> RENAMED = Map.of("interface", "listen");

  /** The options and the file they were read with (null: no --config). */
  record Configured(ServeOptions options, Config config) {}

  private ConfigFile() {}

  /** The settings a file may make: one per option. */
  static List<ConfigKey> keys() {
    List<ConfigKey> keys = new ArrayList<>();
    JCommander jc = parser(new ServeOptions());
    jc.parse(); // JCommander describes the options at the first parse
    List<ParameterDescription> options = new ArrayList<>(jc.getParameters());
    options.sort(java.util.Comparator.comparingInt(d -> d.getParameter().order()));
    for (ParameterDescription d : options) {
      String option = d.getLongestName();
      if (NOT_SETTINGS.contains(option)) {
        continue;
      }
      String name = camel(option.substring(2));
      keys.add(new ConfigKey(RENAMED.getOrDefault(name, name), option, kind(d), isList(d),
          Math.max(1, d.getParameter().arity()), d.getDescription()));
    }
    return keys;
  }

  /**
   * The options {@code args} give over those of the {@code --config} file they name (as given:
   * {@code given.config}); a file's mistake is a {@link ConfigException} with its line.
   */
  static Configured read(ServeOptions given, String[] args) throws ConfigException {
    if (given.config == null) {
      return new Configured(given, null);
    }
    Config config = ConfigLoader.load(given.config, keys());
    return new Configured(merge(config, args), config);
  }

  /** {@code config}'s settings, then {@code args}; a setting the command line also gives is left out. */
  static ServeOptions merge(Config config, String[] args) throws ConfigException {
    List<String> all = new ArrayList<>(config.args(given(args)));
    all.addAll(List.of(args));
    ServeOptions merged = new ServeOptions();
    Verbosity v = Verbosity.of(all.toArray(String[]::new));
    try {
      parser(merged).parse(EqualsForm.split(v.rest()));
    } catch (ParameterException e) {
      throw new ConfigException(config.file().toString(), OptionErrors.plain(e.getMessage()));
    }
    merged.verbosity = v.level();
    return merged;
  }

  /** The options {@code args} give (by their longest names), which the file's settings do not override. */
  static Set<String> given(String[] args) {
    JCommander alone = parser(new ServeOptions());
    alone.parse(EqualsForm.split(Verbosity.of(args).rest()));
    Set<String> given = new HashSet<>();
    alone.getParameters().stream().filter(ParameterDescription::isAssigned).forEach(d -> given.add(d.getLongestName()));
    return given;
  }

  /** "FILE:LINE: message" when {@code message} is about an option the file set, else the message. */
  static String located(Config config, String message) {
    if (config != null && message.startsWith("--")) {
      String where = config.whereOf(message.split("[ :=]", 2)[0]);
      if (where != null) {
        return where + ": " + message;
      }
    }
    return message;
  }

  static JCommander parser(ServeOptions options) {
    return JCommander.newBuilder().programName("java -jar loomdns.jar").addObject(options).build();
  }

  private static ConfigKey.Kind kind(ParameterDescription d) {
    if (d.getLongestName().equals("--verbose")) {
      return ConfigKey.Kind.COUNT;
    }
    Type t = d.getParameterized().getGenericType();
    if (t instanceof ParameterizedType p) {
      t = p.getActualTypeArguments()[0];
    }
    if (t == boolean.class || t == Boolean.class) {
      return ConfigKey.Kind.FLAG;
    }
    if (t == int.class || t == Integer.class) {
      return ConfigKey.Kind.INTEGER;
    }
    if (t == long.class || t == Long.class) {
      return ConfigKey.Kind.LONG;
    }
    return t == Path.class ? ConfigKey.Kind.PATH : ConfigKey.Kind.TEXT;
  }

  private static boolean isList(ParameterDescription d) {
    return List.class.isAssignableFrom(d.getParameterized().getType());
  }

  /** {@code max-udp-payload} as {@code maxUdpPayload}. */
  private static String camel(String dashed) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : dashed.toCharArray()) {
      if (c == '-') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}
