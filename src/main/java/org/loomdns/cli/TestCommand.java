package org.loomdns.cli;

import groovy.lang.GroovyClassLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.syntax.SyntaxException;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;
import org.loomdns.zone.dsl.GroovySource;

/**
 * {@code test [--junit-xml DIR] DIR|FILE…}: compiles each {@code *Spec.groovy} found (a mistake is
 * file:line, as {@code check} gives it), runs the specs with Spock on the JUnit Platform, prints
 * each feature's result and a summary; exit 0 when every spec compiled and every feature passed, 1
 * otherwise, 2 for a wrong command line.
 */
final class TestCommand {

  private static final String USAGE = "usage: java -jar loomdns.jar test [--junit-xml DIR] DIR|FILE...";

  private TestCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    Logging.quiet();
    List<Path> roots = new ArrayList<>();
    Path xml = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--help") || a.equals("-h")) {
        out.println(USAGE);
        return Main.OK;
      } else if (a.equals("--junit-xml") && i + 1 < args.size()) {
        xml = Path.of(args.get(++i));
      } else if (a.startsWith("-")) {
        err.println("loomdns: test: unknown option " + a + "\n" + USAGE);
        return Main.USAGE;
      } else {
        roots.add(Path.of(a));
      }
    }
    if (roots.isEmpty()) {
      err.println(USAGE);
      return Main.USAGE;
    }
    List<Path> files = new ArrayList<>();
    for (Path r : roots) {
      try {
        files.addAll(specFiles(r));
      } catch (IOException e) {
        err.println("loomdns: " + r + ": " + (Files.exists(r) ? "cannot read it (" + e.getMessage() + ")" : "no such file or directory"));
        return Main.USAGE;
      }
    }
    if (files.isEmpty()) {
      err.println("loomdns: no *Spec.groovy file in " + roots.stream().map(Path::toString).toList());
      return Main.USAGE;
    }
    GroovyClassLoader loader = new GroovyClassLoader(TestCommand.class.getClassLoader(), new CompilerConfiguration());
    List<Class<?>> specs = new ArrayList<>();
    Map<String, Path> sources = new HashMap<>();
    int broken = 0;
    for (Path f : files) {
      try {
        Class<?> c = loader.parseClass(f.toFile());
        specs.add(c);
        sources.put(c.getName(), f);
      } catch (MultipleCompilationErrorsException e) {
        SyntaxException s = GroovySource.firstSyntaxError(e);
        err.println(s != null ? f + ":" + s.getStartLine() + ": " + s.getOriginalMessage().replaceAll("\\s*\\R\\s*", " ") : f + ": " + e.getMessage());
        broken++;
      } catch (CompilationFailedException | IOException e) {
        err.println(f + ": " + e.getMessage());
        broken++;
      }
    }
    return execute(specs, sources, loader, xml, out, err) && broken == 0 ? Main.OK : Main.FAILED;
  }

  /** Runs the specs on the Spock engine alone; true when every feature passed. */
  private static boolean execute(List<Class<?>> specs, Map<String, Path> sources, ClassLoader loader, Path xml, PrintStream out, PrintStream err) {
    if (specs.isEmpty()) {
      return false;
    }
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(specs.stream().map(DiscoverySelectors::selectClass).toList())
        .filters(EngineFilter.includeEngines("spock"))
        .build();
    SpecReport report = new SpecReport(out, sources);
    Thread me = Thread.currentThread();
    ClassLoader before = me.getContextClassLoader();
    me.setContextClassLoader(loader);
    try {
      Launcher launcher = LauncherFactory.create();
      if (xml != null) {
        Files.createDirectories(xml);
        launcher.execute(request, report, new LegacyXmlReportGeneratingListener(xml, new PrintWriter(err, true)));
      } else {
        launcher.execute(request, report);
      }
    } catch (IOException e) {
      err.println("loomdns: " + xml + ": cannot write the JUnit XML there (" + e.getMessage() + ")");
      return false;
    } finally {
      me.setContextClassLoader(before);
    }
    out.println(report.summary());
    return report.allPassed();
  }

  /** The file itself, or every {@code *Spec.groovy} under the directory, in name order. */
  private static List<Path> specFiles(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      if (!Files.isRegularFile(root)) {
        throw new IOException("no such file");
      }
      return List.of(root);
    }
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> p.getFileName().toString().endsWith("Spec.groovy") && Files.isRegularFile(p))
          .sorted().toList();
    }
  }
}
