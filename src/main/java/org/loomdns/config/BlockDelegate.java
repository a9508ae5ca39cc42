package org.loomdns.config;

import groovy.lang.GroovyObjectSupport;
import java.util.List;

/**
 * What a block of the file ({@code zone}, {@code view}) runs against: its own settings, and
 * anything else an error naming them, never a server-wide setting said by mistake.
 */
abstract class BlockDelegate extends GroovyObjectSupport {

  private final String block;
  private final List<String> keys;

  /** A {@code block} block, which takes {@code keys}. */
  BlockDelegate(String block, List<String> keys) {
    this.block = block;
    this.keys = List.copyOf(keys);
  }

  public Object methodMissing(String method, Object args) {
    throw unknown(method);
  }

  public Object propertyMissing(String property) {
    throw unknown(property);
  }

  private IllegalArgumentException unknown(String setting) {
    return new IllegalArgumentException("a " + block + " block has no setting " + setting
        + Suggest.closest(setting, keys) + "; it takes " + String.join(", ", keys));
  }
}
