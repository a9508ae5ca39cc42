package org.loomdns.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server of {@code lookup @SERVER}: an address ({@code 192.0.2.1}, {@code ::1}), with a port
 * as {@code ADDRESS#PORT} or {@code [IPV6]:PORT}, or a host name (optionally {@code #PORT}) that the
 * system resolves. Anything else is a mistake, never a name sent to another resolver.
 *
 * @param port 0 when the spec names none
 * @param literal whether {@code host} is an address rather than a name to look up
 */
record ServerSpec(String host, int port, boolean literal) {

  private static final Pattern BRACKETED = Pattern.compile("\\[([0-9a-fA-F:.]+(?:%[a-zA-Z0-9_.-]+)?)](?:[:#]([0-9]{1,5}))?");
  private static final Pattern HASHED = Pattern.compile("([^#\\[\\]]+)#([0-9]{1,5})");
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F.]*:[0-9a-fA-F.]*:[0-9a-fA-F:.]*(%[a-zA-Z0-9_.-]+)?");
  private static final Pattern HOST_NAME =
      Pattern.compile("(?=.*[a-zA-Z_])[a-zA-Z0-9_]([a-zA-Z0-9_-]*[a-zA-Z0-9_])?(\\.[a-zA-Z0-9_]([a-zA-Z0-9_-]*[a-zA-Z0-9_])?)*\\.?");

  static ServerSpec parse(String text) throws IllegalArgumentException {
    Matcher m = BRACKETED.matcher(text);
    if (m.matches()) {
      return new ServerSpec(m.group(1), port(m.group(2), text), true);
    }
    String host = text;
    int port = 0;
    m = HASHED.matcher(text);
    if (m.matches()) {
      host = m.group(1);
      port = port(m.group(2), text);
    }
    if (IPV4.matcher(host).matches() || IPV6.matcher(host).matches()) {
      return new ServerSpec(host, port, true);
    }
    if (HOST_NAME.matcher(host).matches()) {
      return new ServerSpec(host, port, false);
    }
    throw new IllegalArgumentException("a server is ADDRESS, ADDRESS#PORT, [IPV6]:PORT or a host name, not " + text);
  }

  private static int port(String digits, String text) {
    if (digits == null) {
      return 0;
    }
    int p = Integer.parseInt(digits);
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException("a server's port is 1 to 65535, not " + digits + " in " + text);
    }
    return p;
  }
}
