package org.loomdns.config;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyShell;
import groovy.transform.ThreadInterrupt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.SecureASTCustomizer;
import org.loomdns.zone.dsl.GroovySource;

/**
 * Runs a configuration file once, restricted, and returns what it said; every mistake is one
 * {@link ConfigException} with the file and line. The file is the operator's, like the command
 * line, so the restrictions keep it declarative rather than make it a sandbox: no imports, no
 * package, no classes, no System, Runtime, Thread or process calls, and a time limit.
 */
public final class ConfigLoader {

  /** How long the file may run: it only declares settings. */
  static final Duration LOAD_LIMIT = Duration.ofSeconds(10);

  /** The name the file is compiled under; stack frames carry it, which is how lines are found. */
  static final String SCRIPT = "LoomConfig.groovy";

  private static final List<String> FORBIDDEN_RECEIVERS = List.of("java.lang.System", "java.lang.Runtime",
      "java.lang.Thread", "java.lang.ProcessBuilder", "java.lang.Class", "java.lang.ClassLoader",
      "groovy.lang.GroovyShell", "groovy.lang.GroovyClassLoader");

  private ConfigLoader() {}

  /** The file's settings, each of {@code keys}; relative paths in it are relative to its directory. */
  public static Config load(Path file, List<ConfigKey> keys) throws ConfigException {
    String text = GroovySource.read(file, ConfigException::new);
    Path dir = file.getParent() != null ? file.getParent() : Path.of("");
    return load(text, file, dir, keys);
  }

  static Config load(String text, Path file, Path dir, List<ConfigKey> keys) throws ConfigException {
    String name = file.toString();
    ConfigScript script = compile(text, name);
    Collected collected = new Collected(keys, dir, name);
    script.collecting(collected);
    GroovySource.runOnce(script, LOAD_LIMIT, name, SCRIPT, ConfigException::new);
    return collected.config(file);
  }

  private static ConfigScript compile(String source, String file) throws ConfigException {
    CompilerConfiguration config = new CompilerConfiguration();
    config.setScriptBaseClass(ConfigScript.class.getName());
    SecureASTCustomizer secure = new SecureASTCustomizer();
    secure.setPackageAllowed(false);
    secure.setClosuresAllowed(true);
    secure.setMethodDefinitionAllowed(true);
    secure.setAllowedImports(List.of());
    secure.setAllowedStarImports(List.of());
    secure.setAllowedStaticImports(List.of());
    secure.setAllowedStaticStarImports(List.of());
    secure.setIndirectImportCheckEnabled(false);
    secure.setDisallowedReceivers(FORBIDDEN_RECEIVERS);
    config.addCompilationCustomizers(secure, new ASTTransformationCustomizer(ThreadInterrupt.class));
    GroovyClassLoader loader = new GroovyClassLoader(ConfigLoader.class.getClassLoader(), config);
    try {
      return (ConfigScript) new GroovyShell(loader, new Binding(), config)
          .parse(new GroovyCodeSource(source, SCRIPT, "/groovy/shell"));
    } catch (CompilationFailedException e) {
      throw GroovySource.compileFailure(e, file, ConfigException::new);
    }
  }
}
