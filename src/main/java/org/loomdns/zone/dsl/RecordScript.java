package org.loomdns.zone.dsl;

import groovy.lang.Binding;
import groovy.lang.MissingMethodException;
import groovy.lang.Script;

/**
 * A Groovy script base class in which {@code A('www.example.com', '192.0.2.1')}, {@code MX(...)} and
 * every other {@link RecordConstructors} name is a method. Use it as a CompilerConfiguration's
 * script base class; a method the script defines itself wins over a constructor of the same name.
 */
public abstract class RecordScript extends Script {

  private RecordConstructors records = new RecordConstructors(3600);

  protected RecordScript() {}

  protected RecordScript(Binding binding) {
    super(binding);
  }

  /** The constructors this script's calls use (default: a TTL of one hour when none is given). */
  public void useConstructors(RecordConstructors constructors) {
    this.records = constructors;
  }

  /** Groovy calls this for a method the script does not have: a record constructor, or a mistake. */
  public Object methodMissing(String name, Object args) {
    Object[] a = args instanceof Object[] array ? array : new Object[] {args};
    if (!RecordConstructors.has(name)) {
      throw new MissingMethodException(name, getClass(), a);
    }
    return records.call(name, a);
  }
}
