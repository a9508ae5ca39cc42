package org.loomdns.launcher;

/**
 * The jar's entry point, compiled for Java 8 so that an old {@code java} prints what to do
 * instead of an UnsupportedClassVersionError.
 */
public final class Launcher {

  private static final int NEEDED = 21;

  private Launcher() {}

  public static void main(String[] args) {
    String spec = System.getProperty("java.specification.version", "1");
    int running = spec.startsWith("1.") ? Integer.parseInt(spec.substring(2)) : Integer.parseInt(spec.split("\\.")[0]);
    if (running < NEEDED) {
      System.err.println("loomdns: needs Java " + NEEDED + " or newer, but this java is " + spec
          + " (" + System.getProperty("java.home") + "). Run it with a newer one, e.g. "
          + "/usr/lib/jvm/<jdk-21-or-newer>/bin/java -jar loomdns.jar");
      System.exit(1);
    }
    // A plain call, not reflection: an old java never links it, as it exits above, and a
    // reflective call makes a method-handle invoker, a few milliseconds of every cold start.
    org.loomdns.cli.Main.main(args);
  }
}
