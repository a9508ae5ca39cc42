package org.loomdns.zone.dsl;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyShell;
import groovy.lang.MissingMethodException;
import groovy.lang.Script;
import groovy.transform.TimedInterrupt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.syntax.SyntaxException;
import org.loomdns.dnsjava.RecordCopies;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneBuilder;
import org.loomdns.zone.ZoneLoadException;
import org.tinylog.Logger;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * Loads a zone written in Groovy ({@code zone = [SOA(...), A(...), ...]}) or in Twisted's Python
 * pyzone form ({@link PyZone}): a file not ending in {@code .groovy} that parses as Python, or
 * that ends in {@code .py} or looks like Python, is Python. The script runs once; the records in its
 * {@code zone} list go, each with the line that made it, through {@link ZoneBuilder}. Every
 * failure, at compile time or run time, becomes a {@link ZoneLoadException} naming file and line.
 */
public final class GroovyZoneLoader {

  /** How long a zone script may run: a loop that never ends must not hang start-up or a reload. */
  static final long TIME_LIMIT_SECONDS = 120;

  /** The name the script is compiled under; its stack frames carry it, which is how lines are found. */
  private static final String SCRIPT = "LoomZoneScript.groovy";

  private record Made(int line, boolean ttlGiven) {}

  private GroovyZoneLoader() {}

  public static Zone load(Path file) throws ZoneLoadException {
    return load(file, TIME_LIMIT_SECONDS);
  }

  static Zone load(Path file, long timeLimitSeconds) throws ZoneLoadException {
    String name = file.toString();
    String text = GroovySource.read(file, ZoneLoadException::new);
    if (!name.endsWith(".groovy")) {
      List<PyNode.Stmt> program = PyZone.parse(text);
      if (program != null) {
        return loadPython(program, name, timeLimitSeconds);
      }
      // Twisted's files often have no extension: Python unless it compiles as Groovy.
      if (name.endsWith(".py") || PyZone.looksLikePython(text)) {
        throw PyZone.syntaxError(text, name);
      }
    }
    Script script;
    try {
      script = compile(text, name, timeLimitSeconds);
    } catch (ZoneLoadException groovy) {
      if (name.endsWith(".groovy")) {
        throw groovy;
      }
      // Neither reads it: the complaint of the reader that got further is the likelier help.
      ZoneLoadException python = PyZone.syntaxError(text, name);
      throw lineOf(python) >= lineOf(groovy) && !PyZone.looksLikeGroovy(text) ? python : groovy;
    }
    Binding binding = new Binding();
    binding.setVariable("zone", new ArrayList<>());
    script.setBinding(binding);
    Map<Record, Made> made = new IdentityHashMap<>();
    RecordScript records = (RecordScript) script;
    records.useConstructors(new RecordConstructors(0, (r, ttlGiven) -> made.put(r,
        new Made(records.literalLine() > 0 ? records.literalLine() : GroovySource.currentLine(SCRIPT), ttlGiven))));
    try {
      script.run();
    } catch (Exception | StackOverflowError e) {
      throw runtimeError(e, name, timeLimitSeconds);
    }
    return build(binding.getVariable("zone"), binding.hasVariable("ttl"), binding.getVariables().get("ttl"), made, name, false, null);
  }

  private static int lineOf(ZoneLoadException e) {
    String at = e.location();
    int colon = at.lastIndexOf(':');
    return colon < 0 || !at.substring(colon + 1).matches("\\d+") ? 0 : Integer.parseInt(at.substring(colon + 1));
  }

  /**
   * True when {@code file}, whatever its name, is meant as a Python pyzone: its first megabyte
   * assigns {@code zone}, or parses as Python, or looks like Python. A BIND file does none of these.
   */
  public static boolean isPython(Path file) {
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      String head = new String(in.readNBytes(1 << 20), java.nio.charset.StandardCharsets.UTF_8);
      return PyZone.assignsZone(head) || PyZone.parse(head) != null || PyZone.looksLikePython(head);
    } catch (java.io.IOException e) {
      return false; // the loader reports the file it cannot read
    }
  }

  private static Zone loadPython(List<PyNode.Stmt> program, String name, long timeLimitSeconds) throws ZoneLoadException {
    Map<Record, Made> made = new IdentityHashMap<>();
    PyRecords[] holder = new PyRecords[1];
    holder[0] = new PyRecords(new RecordConstructors(0, (r, ttlGiven) -> made.put(r, new Made(holder[0].line(), ttlGiven))));
    PyZone.Result result = PyZone.run(program, holder[0], name, timeLimitSeconds);
    return build(result.zone(), result.hasTtl(), result.ttl(), made, name, true, holder[0]);
  }

  private static Script compile(String source, String file, long timeLimitSeconds) throws ZoneLoadException {
    CompilerConfiguration config = new CompilerConfiguration();
    config.setScriptBaseClass(RecordScript.class.getName());
    config.addCompilationCustomizers(new Chunker(),
        new ASTTransformationCustomizer(Map.of("value", timeLimitSeconds), TimedInterrupt.class));
    // A class loader per load, so a reloaded zone's classes can be collected with the old zone.
    GroovyClassLoader loader = new GroovyClassLoader(GroovyZoneLoader.class.getClassLoader(), config);
    try {
      return new GroovyShell(loader, new Binding(), config).parse(new GroovyCodeSource(source, SCRIPT, "/groovy/shell"));
    } catch (MultipleCompilationErrorsException e) {
      throw compileError(e, file);
    } catch (CompilationFailedException e) {
      throw new ZoneLoadException(file, e.getMessage());
    }
  }

  private static ZoneLoadException compileError(MultipleCompilationErrorsException e, String file) {
    SyntaxException syntax = GroovySource.firstSyntaxError(e);
    if (syntax != null) {
      return new ZoneLoadException(file + ":" + syntax.getStartLine(), syntax.getOriginalMessage());
    }
    List<? extends Message> errors = e.getErrorCollector().getErrors();
    Message first = errors == null || errors.isEmpty() ? null : errors.get(0);
    String text = String.valueOf(first == null ? e.getMessage() : first instanceof ExceptionMessage x
        ? x.getCause().getMessage() : first.toString());
    if (text.contains("too large")) {
      return new ZoneLoadException(file, "a method or closure is too big to compile, and a return, break or"
          + " continue inside it keeps it from being split automatically; split it into smaller ones");
    }
    if (first instanceof ExceptionMessage x) {
      return new ZoneLoadException(file, String.valueOf(x.getCause().getMessage()));
    }
    return new ZoneLoadException(file, "does not compile");
  }

  private static ZoneLoadException runtimeError(Throwable e, String file, long timeLimitSeconds) {
    int line = e instanceof BadRecordException b ? b.line() : 0;
    if (line == 0) {
      line = GroovySource.lineOf(e, SCRIPT);
    }
    String at = line > 0 ? file + ":" + line : file;
    String problem;
    if (e instanceof TimeoutException) {
      problem = "the script ran longer than " + timeLimitSeconds + " seconds";
    } else if (GroovySource.isUnknownCall(e)) {
      problem = GroovySource.describe(e) + suggestion(((MissingMethodException) e).getMethod());
    } else {
      problem = GroovySource.describe(e);
    }
    return new ZoneLoadException(at, problem);
  }

  static String suggestion(String method) {
    String best = null;
    int bestDistance = 3;
    for (String n : RecordConstructors.names()) {
      int d = distance(method.toUpperCase(), n);
      if (d < bestDistance) {
        best = n;
        bestDistance = d;
      }
    }
    return best == null ? "" : "; did you mean " + best + "?";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static Zone build(Object zone, boolean hasTtl, Object ttl, Map<Record, Made> made, String file,
      boolean python, PyRecords pyRecords) throws ZoneLoadException {
    if (!(zone instanceof Iterable<?> items)) {
      throw new ZoneLoadException(file, "zone must be a list of records, not " + (python ? PyValues.type(zone)
          : zone == null ? "null" : zone.getClass().getSimpleName()));
    }
    List<Record> records = new ArrayList<>();
    int index = 0;
    for (Object o : items) {
      if (pyRecords != null && o instanceof PyValues.Tuple t) {
        try {
          o = pyRecords.fromTuple(t, 0);
        } catch (PyError e) {
          throw PyZone.error(e, file);
        }
      }
      if (!(o instanceof Record r)) {
        throw new ZoneLoadException(file, "zone[" + index + "] is " + (o == null ? "null" : "a "
            + (python ? PyValues.type(o) : o.getClass().getSimpleName())) + ", not a record made by A(...), MX(...) and the like");
      }
      records.add(r);
      index++;
    }
    SOARecord soa = (SOARecord) records.stream().filter(r -> r instanceof SOARecord).findFirst().orElse(null);
    long defaultTtl = defaultTtl(hasTtl, ttl, soa, file);
    ZoneBuilder builder = new ZoneBuilder(file, null);
    for (Record r : records) {
      Made m = made.get(r);
      int line = m == null ? 0 : m.line;
      if (python && soa != null && !r.getName().subdomain(soa.getName())) {
        // Twisted answers such records (it treats PTR names as its own); a zone here cannot hold them.
        Logger.warn("{}:{}: {} is outside the zone {}; skipped (serve it from a zone of its own)",
            file, line, r.getName(), soa.getName());
        continue;
      }
      builder.add(m != null && !m.ttlGiven ? RecordCopies.withTtl(r, defaultTtl) : r, file, line);
    }
    return builder.build();
  }

  /** A {@code ttl} the file sets applies to records without one; otherwise the SOA minimum does. */
  private static long defaultTtl(boolean hasTtl, Object ttl, SOARecord soa, String file) throws ZoneLoadException {
    if (hasTtl) {
      try {
        return RecordConstructors.seconds(ttl, "ttl");
      } catch (BadRecordException e) {
        throw new ZoneLoadException(file, e.getMessage());
      }
    }
    return soa == null ? 0 : soa.getMinimum();
  }
}
