package org.loomdns.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.loomdns.tsig.TsigKey;

/**
 * {@code update [-y [ALG:]NAME:SECRET] [-v] [-t SECONDS] [-p PORT] [-f FILE | FILE]}: nsupdate's
 * command line and script language (see {@link UpdateScript}) on the client's update builder. The
 * script comes from FILE, or stdin without one. Exit codes are nsupdate's: 0 when every update
 * sent was made, 2 when a server refused one (any rcode but NOERROR), 1 for a mistake in the
 * command line or the script (reading stops at the first) or a server that could not be reached.
 */
final class UpdateCommand {

  static final String USAGE = "usage: java -jar loomdns.jar update [-y [ALG:]NAME:SECRET] [-v] [-t SECONDS]"
      + " [-p PORT] [-f FILE | FILE]";

  /** nsupdate's exit codes. */
  static final int OK = 0;
  static final int FAILED = 1;
  static final int REFUSED = 2;

  private UpdateCommand() {}

  static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
    Logging.configure(0);
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return OK;
    }
    UpdateScript script = new UpdateScript(out, err);
    String file = null;
    try {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "-y" -> script.key = TsigKey.parse(value(args, ++i, a));
          case "-v" -> script.tcp = true;
          case "-t" -> script.timeout = Duration.ofSeconds(number(value(args, ++i, a), a, 1, 3600));
          case "-p" -> script.defaultPort = number(value(args, ++i, a), a, 1, 65535);
          case "-f" -> file = value(args, ++i, a);
          default -> {
            if (a.startsWith("-") && !a.equals("-")) {
              throw new IllegalArgumentException("unknown option " + a + " (" + USAGE + ")");
            }
            if (file != null) {
              throw new IllegalArgumentException("one script at a time, not " + file + " and " + a);
            }
            file = a;
          }
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("loomdns: update: " + e.getMessage());
      return FAILED;
    }
    String where = file == null || file.equals("-") ? "line " : file + ":";
    try (BufferedReader r = file == null || file.equals("-")
        ? new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(Path.of(file))) {
      int lineNo = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNo++;
        try {
          if (!script.line(line)) {
            break;
          }
        } catch (UpdateScript.ScriptException e) {
          err.println("loomdns: update: " + where + lineNo + ": " + e.getMessage());
          return FAILED;
        }
      }
    } catch (IOException e) {
      err.println("loomdns: update: cannot read " + (file == null ? "stdin" : file) + " (" + e.getMessage() + ")");
      return FAILED;
    }
    return script.refused() ? REFUSED : OK;
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value (" + USAGE + ")");
    }
    return args.get(i);
  }

  private static int number(String text, String option, int min, int max) {
    if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
      throw new IllegalArgumentException(option + " takes a number from " + min + " to " + max + ", not " + text);
    }
    return Integer.parseInt(text);
  }
}
