package org.loomdns.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JCommander's messages about a wrong command line, said as one plain sentence about the option. */
final class OptionErrors {

  private static final Pattern STRAY = Pattern.compile("Was passed main parameter '(.*)' but no main parameter.*");
  private static final Pattern NO_VALUE = Pattern.compile("Expected a value after parameter (\\S+)");
  private static final Pattern NOT_CONVERTED = Pattern.compile("\"(\\S+)\": couldn't convert \"(.*)\" to an? (\\w+)");

  private OptionErrors() {}

  static String plain(String message) {
    Matcher m = STRAY.matcher(message);
    if (m.matches()) {
      if (EqualsForm.beginsWithName(m.group(1))) {
        return "Unknown option: " + m.group(1);
      }
      return m.group(1).startsWith("-") ? "unknown option " + m.group(1)
          : "unexpected argument " + m.group(1) + ": every argument belongs to an option";
    }
    m = NO_VALUE.matcher(message);
    if (m.matches()) {
      return m.group(1) + " needs a value";
    }
    m = NOT_CONVERTED.matcher(message);
    if (m.matches()) {
      String kind = switch (m.group(3)) {
        case "integer", "long" -> "a whole number";
        default -> "a " + m.group(3);
      };
      return m.group(1) + " takes " + kind + ", not " + m.group(2);
    }
    return message;
  }
}
