package org.loomdns.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.loomdns.client.DnsClient;
import org.loomdns.client.DnsLookupException;
import org.loomdns.client.Response;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Type;

/**
 * {@code lookup [@SERVER] [-p PORT] [+tcp] [+short] NAME [TYPE] [CLASS] … | -x ADDRESS … | -f FILE}:
 * dig's command line on {@link DnsClient}. Every question is asked at once on virtual threads
 * (bounded by the client's in-flight limit) and printed in the order given, in dig's presentation
 * format. Exit 0 when every lookup answered NOERROR, 1 when any failed, 2 for a bad command line.
 */
final class LookupCommand {

  static final String USAGE = "usage: java -jar loomdns.jar lookup [@SERVER[#PORT]] [-p PORT] [+tcp] [+short]"
      + " [+dnssec] [+norec] [+noedns] [+bufsize=B] [+time=SECONDS] [+tries=N]"
      + " {NAME [TYPE] [CLASS] | -x ADDRESS | -f FILE}...";

  /** Questions whose answers may wait, done, to be printed in order; bounds memory on long input. */
  private static final int WINDOW = DnsClient.DEFAULT_MAX_IN_FLIGHT * 4;

  private record Question(String name, int type, int dclass) {
    String text() {
      return name + " " + Type.string(type) + " " + DClass.string(dclass);
    }
  }

  private record Pending(Question question, CompletableFuture<Response> reply, long started) {}

  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** The parsed command line; questions from files are read later, as the lookups go. */
  private static final class Options {
    String server;
    int port = 53;
    boolean tcp;
    boolean brief;
    Duration timeout = DnsClient.DEFAULT_TIMEOUT;
    int tries = DnsClient.DEFAULT_TRIES;
    boolean dnssec;
    boolean recurse = true;
    int payload = DnsClient.DEFAULT_UDP_PAYLOAD;
    final List<Question> questions = new ArrayList<>();
    final List<String> files = new ArrayList<>();
  }

  private LookupCommand() {}

  static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
    Logging.configure(0);
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return Main.OK;
    }
    Options o;
    DnsClient client;
    try {
      o = parse(args);
      client = client(o);
    } catch (UsageException | IllegalArgumentException e) {
      err.println("loomdns: lookup: " + e.getMessage());
      return Main.USAGE;
    } catch (DnsLookupException e) {
      err.println("loomdns: lookup: cannot find the server: " + e.getMessage());
      return Main.FAILED;
    }
    Run run = new Run(client, o.brief, out, err);
    for (Question q : o.questions) {
      run.ask(q);
    }
    for (String f : o.files) {
      try (BufferedReader r = reader(f, in)) {
        int lineNo = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lineNo++;
          String t = line.strip();
          if (t.isEmpty() || t.startsWith(";") || t.startsWith("#")) {
            continue;
          }
          try {
            List<Question> qs = new ArrayList<>();
            questions(List.of(t.split("\\s+")), qs);
            qs.forEach(run::ask);
          } catch (UsageException | IllegalArgumentException e) {
            run.fail(f + ":" + lineNo + ": " + e.getMessage());
          }
        }
      } catch (IOException e) {
        run.fail(f + ": cannot read it (" + e.getMessage() + ")");
      }
    }
    return run.finish();
  }

  private static BufferedReader reader(String file, InputStream in) throws IOException {
    return file.equals("-")
        ? new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(Path.of(file));
  }

  private static Options parse(List<String> args) throws UsageException {
    Options o = new Options();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("@") && a.length() > 1) {
        o.server = a.substring(1);
      } else if (a.equals("-p")) {
        o.port = number("-p", value(args, ++i, "-p"), 1, 65535);
      } else if (a.equals("-f")) {
        o.files.add(value(args, ++i, "-f"));
      } else if (a.equals("+tcp")) {
        o.tcp = true;
      } else if (a.equals("+short")) {
        o.brief = true;
      } else if (a.equals("+dnssec") || a.equals("+nodnssec")) {
        o.dnssec = a.equals("+dnssec");
      } else if (a.equals("+rec") || a.equals("+recurse") || a.equals("+norec") || a.equals("+norecurse")) {
        o.recurse = !a.startsWith("+no");
      } else if (a.equals("+noedns")) {
        o.payload = 0;
      } else if (a.equals("+edns")) {
        o.payload = DnsClient.DEFAULT_UDP_PAYLOAD;
      } else if (a.startsWith("+bufsize=")) {
        o.payload = number("+bufsize", a.substring(9), 512, 65535);
      } else if (a.startsWith("+time=")) {
        o.timeout = Duration.ofSeconds(number("+time", a.substring(6), 1, 300));
      } else if (a.startsWith("+tries=")) {
        o.tries = number("+tries", a.substring(7), 1, 10);
      } else if (a.startsWith("+")) {
        throw new UsageException("unknown option " + a + " (see --help)");
      } else {
        rest.add(a);
        if (a.equals("-x")) {
          rest.add(value(args, ++i, "-x"));
        }
      }
    }
    questions(rest, o.questions);
    if (o.questions.isEmpty() && o.files.isEmpty()) {
      throw new UsageException("no name to look up; " + USAGE);
    }
    return o;
  }

  /** NAME [TYPE] [CLASS] … and -x ADDRESS …, as on dig's command line and in its batch files. */
  private static void questions(List<String> tokens, List<Question> into) throws UsageException {
    Question last = null;
    boolean typed = false;
    boolean classed = false;
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      int type = Type.value(t.toUpperCase());
      int dclass = DClass.value(t.toUpperCase());
      if (t.equals("-x")) {
        String address = value(tokens, ++i, "-x");
        last = new Question(DnsClient.reverseName(address).toString(), Type.PTR, DClass.IN);
        into.add(last);
        typed = true;
        classed = false;
      } else if (t.startsWith("-")) {
        throw new UsageException("unknown option " + t + " (see --help)");
      } else if (last != null && !typed && type >= 0) {
        last = replaceLast(into, new Question(last.name(), type, last.dclass()));
        typed = true;
      } else if (last != null && !classed && dclass >= 0) {
        last = replaceLast(into, new Question(last.name(), last.type(), dclass));
        classed = true;
      } else {
        last = new Question(t, Type.A, DClass.IN);
        into.add(last);
        typed = false;
        classed = false;
      }
    }
  }

  private static Question replaceLast(List<Question> list, Question q) {
    list.set(list.size() - 1, q);
    return q;
  }

  private static String value(List<String> args, int i, String option) throws UsageException {
    if (i >= args.size()) {
      throw new UsageException(option + " needs a value (see --help)");
    }
    return args.get(i);
  }

  private static int number(String option, String text, int min, int max) throws UsageException {
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below, with the range
    }
    throw new UsageException(option + " takes a number from " + min + " to " + max + ", not " + text);
  }

  private static DnsClient client(Options o) throws DnsLookupException {
    DnsClient.Builder b = DnsClient.builder().tcp(o.tcp).timeout(o.timeout).tries(o.tries)
        .udpPayload(o.payload).dnssec(o.dnssec).recursionDesired(o.recurse);
    if (o.server == null) {
      for (InetSocketAddress s : ResolverConfig.getCurrentConfig().servers()) {
        b.server(new InetSocketAddress(s.getAddress(), o.port));
      }
      return b.build();
    }
    ServerSpec spec = ServerSpec.parse(o.server);
    int port = spec.port() > 0 ? spec.port() : o.port;
    if (spec.literal()) {
      b.server(spec.host(), port);
    } else {
      InetAddress a = DnsClient.fromSystem().getHostByName(spec.host());
      b.server(new InetSocketAddress(a, port));
    }
    return b.build();
  }

  /** The lookups of one command: started at once, printed in the order asked. */
  private static final class Run {
    private final DnsClient client;
    private final boolean brief;
    private final PrintStream out;
    private final PrintStream err;
    private final Deque<Pending> window = new ArrayDeque<>();
    private boolean failed;

    Run(DnsClient client, boolean brief, PrintStream out, PrintStream err) {
      this.client = client;
      this.brief = brief;
      this.out = out;
      this.err = err;
    }

    void ask(Question q) {
      if (window.size() >= WINDOW) {
        print(window.removeFirst());
      }
      CompletableFuture<Response> f;
      try {
        f = client.queryAsync(q.name(), q.type(), q.dclass());
      } catch (IllegalArgumentException e) {
        f = CompletableFuture.failedFuture(e);
      }
      window.addLast(new Pending(q, f, System.nanoTime()));
    }

    void fail(String message) {
      while (!window.isEmpty()) {
        print(window.removeFirst());
      }
      err.println("loomdns: lookup: " + message);
      failed = true;
    }

    int finish() {
      while (!window.isEmpty()) {
        print(window.removeFirst());
      }
      return failed ? Main.FAILED : Main.OK;
    }

    private void print(Pending p) {
      try {
        Response r = p.reply().join();
        if (brief) {
          r.answer().forEach(rec -> out.println(shortForm(rec)));
        } else {
          full(p, r.message(), r.server());
        }
      } catch (CompletionException e) {
        failed = true;
        Throwable cause = e.getCause();
        if (cause instanceof DnsLookupException d && !brief && d.response().isPresent()) {
          full(p, d.response().get(), d.server());
        }
        err.println("loomdns: lookup: " + (cause instanceof IllegalArgumentException
            ? p.question().name() + ": " + cause.getMessage()
            : cause.getMessage()));
      }
    }

    /**
     * The record's data as dig +short prints it: dnsjava's presentation, except that each
     * character-string of a TXT or SPF record is quoted always, as dig quotes it, not only when it
     * holds a space.
     */
    private static String shortForm(Record rec) {
      List<byte[]> strings = rec instanceof TXTRecord t ? t.getStringsAsByteArrays()
          : rec instanceof SPFRecord s ? s.getStringsAsByteArrays() : null;
      if (strings == null) {
        return rec.rdataToString();
      }
      StringBuilder sb = new StringBuilder();
      for (byte[] string : strings) {
        sb.append(sb.isEmpty() ? "\"" : " \"");
        for (byte b : string) {
          int c = b & 0xFF;
          if (c == '"' || c == '\\') {
            sb.append('\\').append((char) c);
          } else if (c < 0x20 || c > 0x7E) {
            sb.append(String.format("\\%03d", c));
          } else {
            sb.append((char) c);
          }
        }
        sb.append('"');
      }
      return sb.toString();
    }

    private void full(Pending p, Message m, String server) {
      long ms = (System.nanoTime() - p.started()) / 1_000_000;
      out.println("; <<>> loomdns lookup <<>> " + p.question().text());
      out.println(";; Got answer:");
      out.println(m);
      out.println(";; Query time: " + ms + " msec");
      out.println(";; SERVER: " + server);
      out.println();
    }
  }
}
