package org.loomdns.zone.dsl;

import groovy.lang.Closure;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * What the loaders of Groovy files share (zones here, rules in {@code org.loomdns.dynamic}): reading
 * the file, and turning Groovy's failures into a line of the user's file and a one-line problem.
 * Each loader compiles its scripts under a fixed source name of its own, which is how a stack
 * frame of the user's file is told from Groovy's and ours.
 */
public final class GroovySource {

  /** Makes a loader's own exception from a location ("file" or "file:line") and a problem. */
  @FunctionalInterface
  public interface Failure<E extends Exception> {
    E at(String location, String problem);
  }

  private GroovySource() {}

  /** The file's text, or the loader's exception saying why it cannot be had. */
  public static <E extends Exception> String read(Path file, Failure<E> fail) throws E {
    String name = file.toString();
    if (!Files.isRegularFile(file)) {
      throw fail.at(name, Files.exists(file) ? "not a regular file" : "no such file");
    }
    try {
      return Files.readString(file);
    } catch (CharacterCodingException e) {
      throw fail.at(name, "not UTF-8 text");
    } catch (IOException e) {
      throw fail.at(name, "cannot read it: " + e.getMessage());
    }
  }

  /** The line of the innermost frame of {@code source} on this thread's stack, or 0. */
  public static int currentLine(String source) {
    return StackWalker.getInstance().walk(frames -> frames
        .filter(f -> source.equals(f.getFileName()) && f.getLineNumber() > 0)
        .findFirst().map(StackWalker.StackFrame::getLineNumber).orElse(0));
  }

  /** The line of the innermost frame of {@code source} in {@code e} or its causes, or 0. */
  public static int lineOf(Throwable e, String source) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (StackTraceElement el : t.getStackTrace()) {
        if (source.equals(el.getFileName()) && el.getLineNumber() > 0) {
          return el.getLineNumber();
        }
      }
    }
    return 0;
  }

  /**
   * Runs {@code script}'s top level once, on a virtual thread interrupted past {@code limit} (the
   * script is compiled with ThreadInterrupt checks, in every loop and method); a failure is the
   * loader's exception at the file's line, {@code source} being the name the script was compiled
   * under and {@code name} the file's.
   */
  public static <E extends Exception> void runOnce(Script script, Duration limit, String name, String source,
      Failure<E> fail) throws E {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread runner = Thread.ofVirtual().unstarted(() -> {
      try {
        script.run();
      } catch (Exception | StackOverflowError e) {
        failure.set(e);
      }
    });
    runner.start();
    try {
      if (!runner.join(limit)) {
        runner.interrupt();
        throw fail.at(name, "the file ran longer than " + limit.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail.at(name, "interrupted while loading");
    }
    Throwable e = failure.get();
    if (e != null) {
      int line = lineOf(e, source);
      throw fail.at(line > 0 ? name + ":" + line : name,
          e instanceof IllegalArgumentException ? e.getMessage() : describe(e));
    }
  }

  /**
   * A failed compilation as the loader's exception: a syntax error at its line, a construct a
   * SecureASTCustomizer refused said as not allowed, anything else as Groovy says it.
   */
  public static <E extends Exception> E compileFailure(CompilationFailedException e, String file, Failure<E> fail) {
    if (e instanceof MultipleCompilationErrorsException m) {
      SyntaxException syntax = firstSyntaxError(m);
      if (syntax != null) {
        return fail.at(file + ":" + syntax.getStartLine(), syntax.getOriginalMessage());
      }
      for (Object message : m.getErrorCollector().getErrors()) {
        if (message instanceof ExceptionMessage x && x.getCause() instanceof SecurityException refused) {
          return fail.at(file, "not allowed here: " + refused.getMessage());
        }
      }
    }
    return fail.at(file, e.getMessage());
  }

  /** The first syntax error of a failed compilation, or null when it failed otherwise. */
  public static SyntaxException firstSyntaxError(MultipleCompilationErrorsException e) {
    List<? extends Message> errors = e.getErrorCollector().getErrors();
    if (errors != null && !errors.isEmpty() && errors.get(0) instanceof SyntaxErrorMessage s) {
      return s.getCause();
    }
    return null;
  }

  /** Whether {@code e} is a call the file made to a method it neither has nor gets from us. */
  public static boolean isUnknownCall(Throwable e) {
    return e instanceof MissingMethodException m
        && (Script.class.isAssignableFrom(m.getType()) || Closure.class.isAssignableFrom(m.getType()));
  }

  /** What went wrong while a file ran, in one line and the file's own terms. */
  public static String describe(Throwable e) {
    if (e instanceof BadRecordException) {
      return e.getMessage();
    }
    if (isUnknownCall(e)) {
      return ((MissingMethodException) e).getMethod() + "(...) is neither a record type nor a method of this file";
    }
    if (e instanceof MissingMethodException m) {
      return "no method " + m.getMethod() + " on " + m.getType().getSimpleName();
    }
    if (e instanceof MissingPropertyException m) {
      return "no variable or property " + m.getProperty();
    }
    if (e instanceof StackOverflowError) {
      return "endless recursion (stack overflow)";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
