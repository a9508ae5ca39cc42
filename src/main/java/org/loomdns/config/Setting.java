package org.loomdns.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a configuration file said for one key: its values as the command line would give them,
 * and the line of the (first) call that said it.
 */
public record Setting(ConfigKey key, List<String> values, int line) {

  public Setting {
    values = List.copyOf(values);
  }

  /** The command-line arguments saying the same. */
  public List<String> args() {
    List<String> args = new ArrayList<>();
    switch (key.kind()) {
      case FLAG -> {
        if (Boolean.parseBoolean(values.getFirst())) {
          args.add(key.option());
        }
      }
      case COUNT -> args.addAll(Collections.nCopies(Integer.parseInt(values.getFirst()), key.option()));
      default -> {
        for (int i = 0; i + key.arity() <= values.size(); i += key.arity()) {
          args.add(key.option());
          args.addAll(values.subList(i, i + key.arity()));
        }
      }
    }
    return args;
  }
}
