package org.loomdns.config;

/**
 * One setting a configuration file may make, and the command-line option it stands for.
 *
 * @param name what the file calls, e.g. {@code maxUdpPayload}
 * @param option the option, e.g. {@code --max-udp-payload}
 * @param repeatable whether the option may be given more than once (each call adds values)
 * @param arity values per use of the option (2 for {@code --dynamic PATTERN NETWORK})
 */
public record ConfigKey(String name, String option, Kind kind, boolean repeatable, int arity, String description) {

  /** What a setting takes. */
  public enum Kind {
    /** true or false; true gives the option, false leaves it out. */
    FLAG("true or false"),
    /** How many times the option is given ({@code verbose 2} is {@code -vv}). */
    COUNT("a whole number"),
    INTEGER("a whole number"),
    LONG("a whole number"),
    /** Text; a number is taken as its text ({@code cacheSize 1000}). */
    TEXT("text"),
    /** A file or directory; a relative one is relative to the configuration file's directory. */
    PATH("a file name");

    private final String says;

    Kind(String says) {
      this.says = says;
    }

    /** What it takes, as an error message says it. */
    public String says() {
      return says;
    }
  }

  public ConfigKey {
    if (arity < 1) {
      throw new IllegalArgumentException("arity must be at least 1");
    }
  }
}
