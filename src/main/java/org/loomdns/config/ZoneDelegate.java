package org.loomdns.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@code zone} block may say: {@code file}, {@code format}, {@code notify},
 * {@code allowTransfer}, {@code allowUpdate}, and {@code grant}/{@code deny} rules as an update
 * policy file has them. Anything else is an error, never a server-wide setting said by mistake.
 */
final class ZoneDelegate extends BlockDelegate {

  static final List<String> KEYS = List.of("file", "format", "notify", "allowTransfer", "allowUpdate", "grant", "deny");
  private static final Set<String> FORMATS = Set.of("bind", "pyzone");
  private static final ConfigKey FILE = new ConfigKey("file", "file", ConfigKey.Kind.PATH, false, 1, "");

  private final String name;
  private final Path dir;
  private final String where;
  private Path file;
  private String format;
  private List<String> notify;
  private List<String> allowTransfer;
  private final List<String> allowUpdate = new ArrayList<>();
  private final List<ZoneBlock.PolicyCall> policy = new ArrayList<>();

  ZoneDelegate(String name, Path dir, String where) {
    super("zone", KEYS);
    this.name = name;
    this.dir = dir;
    this.where = where;
  }

  public void file(Object f) {
    if (file != null) {
      throw new IllegalArgumentException("zone " + name + " has one file");
    }
    file = Path.of(Values.text(FILE, f, dir));
  }

  public void format(Object f) {
    if (!FORMATS.contains(String.valueOf(f))) {
      throw new IllegalArgumentException("format takes 'bind' or 'pyzone', not " + f);
    }
    format = String.valueOf(f);
  }

  /** NOTIFY targets for this zone instead of the server-wide {@code notify}; {@code notify([])} for none. */
  public void notify(Object... targets) {
    notify = add(notify, "notify", targets);
  }

  /** Who may transfer this zone, instead of the server-wide {@code allowTransfer}. */
  public void allowTransfer(Object... entries) {
    allowTransfer = add(allowTransfer, "allowTransfer", entries);
  }

  /** Who may change anything in this zone, besides the server-wide {@code allowUpdate}. */
  public void allowUpdate(Object... entries) {
    allowUpdate.addAll(add(null, "allowUpdate", entries));
  }

  public void grant(Map<String, ?> options) {
    policy.add(new ZoneBlock.PolicyCall(true, plain(options), where()));
  }

  public void deny(Map<String, ?> options) {
    policy.add(new ZoneBlock.PolicyCall(false, plain(options), where()));
  }

  ZoneBlock block() {
    if (file == null) {
      throw new IllegalArgumentException("zone " + name + " needs a file: zone('" + name + "') { file 'FILE' }");
    }
    return new ZoneBlock(name, file, format, notify, allowTransfer, allowUpdate, policy, where);
  }

  private String where() {
    return where.substring(0, where.lastIndexOf(':') + 1) + ConfigScript.line();
  }

  private static List<String> add(List<String> to, String what, Object[] values) {
    List<String> out = to == null ? new ArrayList<>() : to;
    for (Object v : Values.flatten(values)) {
      if (!(v instanceof CharSequence)) {
        throw new IllegalArgumentException(what + " takes text, not " + v);
      }
      out.add(v.toString());
    }
    return out;
  }

  /** A rule's options as text, a list of types as a list of text. */
  private static Map<String, Object> plain(Map<String, ?> options) {
    Map<String, Object> out = new LinkedHashMap<>();
    options.forEach((k, v) -> out.put(k, v instanceof Collection<?> c
        ? c.stream().map(String::valueOf).toList() : String.valueOf(v)));
    return out;
  }
}
