package org.loomdns.zone;

/** A zone file that cannot be served, with the place of the mistake: "file:line: what". */
public final class ZoneLoadException extends Exception {

  private final String location;
  private final String problem;

  public ZoneLoadException(String location, String problem) {
    super(location == null ? problem : location + ": " + problem);
    this.location = location;
    this.problem = problem;
  }

  public ZoneLoadException(String location, String problem, Throwable cause) {
    this(location, problem);
    initCause(cause);
  }

  /** "file:line", "file", or null when not known. */
  public String location() {
    return location;
  }

  public String problem() {
    return problem;
  }
}
