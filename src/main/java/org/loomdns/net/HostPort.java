package org.loomdns.net;

/**
 * {@code ADDR[:PORT]} as options write a server: an IPv4 address or a name with an optional
 * {@code :PORT}, an IPv6 address bare or in brackets ({@code [2001:db8::1]:5300}). Only splits the
 * text: what the host may be (a literal address, never a name to look up) is the caller's rule,
 * and so is the wording of a mistake ({@link Malformed} says which part is wrong).
 */
public record HostPort(String host, int port) {

  /** Which part of the text is wrong. */
  public enum Problem {
    /** An opening bracket without its closing one, or something other than {@code :PORT} after it. */
    BRACKETS,
    /** A port that is not a number from 1 to 65535 (the empty text after a bare colon included). */
    PORT
  }

  /** The text is not of the form; {@link #part()} is the port text for {@link Problem#PORT}. */
  public static final class Malformed extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final Problem problem;
    private final String part;

    Malformed(Problem problem, String part) {
      super(problem == Problem.PORT ? "the port must be 1 to 65535, not " + part : "not [ADDR] or [ADDR]:PORT: " + part);
      this.problem = problem;
      this.part = part;
    }

    public Problem problem() {
      return problem;
    }

    public String part() {
      return part;
    }
  }

  /** {@code text} split into host and port, {@code defaultPort} when it names none. */
  public static HostPort split(String text, int defaultPort) {
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      String rest = close < 0 ? "" : text.substring(close + 1);
      if (close < 0 || !(rest.isEmpty() || rest.startsWith(":"))) {
        throw new Malformed(Problem.BRACKETS, text);
      }
      return new HostPort(text.substring(1, close), rest.isEmpty() ? defaultPort : port(rest.substring(1)));
    }
    int colon = text.indexOf(':');
    if (colon >= 0 && colon == text.lastIndexOf(':')) {
      return new HostPort(text.substring(0, colon), port(text.substring(colon + 1)));
    }
    return new HostPort(text, defaultPort);
  }

  private static int port(String text) {
    try {
      int p = Integer.parseInt(text);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new Malformed(Problem.PORT, text);
  }
}
