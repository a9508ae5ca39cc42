package org.loomdns.cli;

import com.beust.jcommander.Parameter;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --opt=value} for the serving options, which twistd takes beside {@code --opt value}.
 * JCommander's {@code @Parameters(separators = "=")} would do it, but reading that annotation costs
 * every start two annotation proxies, several milliseconds of a cold one; so the arguments are cut
 * here, by that separator's rule, before JCommander reads them.
 */
final class EqualsForm {

  /** Every name of every option of {@link ServeOptions}, read when first needed. */
  private static volatile Set<String> names;

  private EqualsForm() {}

  /** {@code args} with each argument that begins with an option's name cut in two at its first "=". */
  static String[] split(String[] args) {
    List<String> out = new ArrayList<>(args.length + 2);
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq > 0 && a.startsWith("-") && beginsWithName(a)) {
        out.add(a.substring(0, eq));
        out.add(a.substring(eq + 1));
      } else {
        out.add(a);
      }
    }
    return out.toArray(String[]::new);
  }

  /**
   * Whether {@code arg} begins with an option's name. Under the "=" separator JCommander calls such
   * an argument, when it is no option itself, an unknown option ("Unknown option: ARG") rather
   * than a stray argument, and {@link OptionErrors} says it so too.
   */
  static boolean beginsWithName(String arg) {
    for (String n : names()) {
      if (arg.startsWith(n)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> names() {
    Set<String> known = names;
    if (known == null) {
      Set<String> all = new HashSet<>();
      for (Field f : ServeOptions.class.getDeclaredFields()) {
        Parameter p = f.getAnnotation(Parameter.class);
        if (p != null) {
          Collections.addAll(all, p.names());
        }
      }
      known = Set.copyOf(all);
      names = known;
    }
    return known;
  }
}
