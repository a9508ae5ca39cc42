package org.loomdns.tsig;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/** The keys we were given, by name; immutable. */
public final class TsigKeys {

  public static final TsigKeys NONE = new TsigKeys(Map.of());

  private final Map<Name, TsigKey> byName;

  private TsigKeys(Map<Name, TsigKey> byName) {
    this.byName = byName;
  }

  /** Keys from {@code [ALG:]NAME:SECRET} strings; two keys of one name are a mistake. */
  public static TsigKeys parse(List<String> specs) {
    Map<Name, TsigKey> m = new LinkedHashMap<>();
    for (String spec : specs) {
      TsigKey key = TsigKey.parse(spec);
      if (m.putIfAbsent(key.name(), key) != null) {
        throw new IllegalArgumentException("TSIG key " + key.name() + " is given twice");
      }
    }
    return new TsigKeys(java.util.Collections.unmodifiableMap(m)); // in the order given, as check prints them
  }

  /** The key of that name, or null. */
  public TsigKey find(Name name) {
    return byName.get(name);
  }

  /** The key of that name (as the operator wrote it), or an error that says which is missing. */
  public TsigKey require(String name, String usedBy) {
    TsigKey key;
    try {
      key = find(Name.fromString(name, Name.root));
    } catch (org.xbill.DNS.TextParseException e) {
      key = null;
    }
    if (key == null) {
      throw new IllegalArgumentException(usedBy + " names TSIG key " + name
          + ", which no --tsig-key defines");
    }
    return key;
  }

  public Collection<TsigKey> all() {
    return byName.values();
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }
}
