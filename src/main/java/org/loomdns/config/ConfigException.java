package org.loomdns.config;

/** A configuration file that cannot be used: the message starts with the file and, when known, the line. */
public final class ConfigException extends Exception {

  public ConfigException(String where, String problem) {
    super(where + ": " + problem);
  }
}
