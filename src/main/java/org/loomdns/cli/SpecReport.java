package org.loomdns.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * What {@code test} prints while the specs run: a line per feature (per row of a where: table),
 * the reason under each failure with the spec's file and line, and a summary line at the end.
 */
final class SpecReport implements TestExecutionListener {

  private final PrintStream out;
  private final Map<String, Path> files;
  private TestPlan plan;
  private int passed;
  private int failed;
  private int skipped;

  /** {@code files}: each spec class's name and the file it was compiled from. */
  SpecReport(PrintStream out, Map<String, Path> files) {
    this.out = out;
    this.files = files;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    skipped++;
    out.println("SKIP  " + name(id) + (reason == null || reason.isBlank() ? "" : " (" + reason + ")"));
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    boolean ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
    if (id.isContainer() && ok) {
      return;
    }
    if (ok) {
      passed++;
      out.println("PASS  " + name(id));
      return;
    }
    failed++;
    out.println("FAIL  " + name(id));
    result.getThrowable().ifPresent(t -> {
      where(t).ifPresent(w -> out.println("      at " + w));
      String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
      message.lines().forEach(l -> out.println("      " + l));
    });
  }

  /** "Spec: feature", or the spec alone for what failed around its features (setupSpec, a @Shared field). */
  private String name(TestIdentifier id) {
    if (id.getSource().orElse(null) instanceof ClassSource c) {
      return c.getJavaClass().getSimpleName();
    }
    TestIdentifier spec = id;
    while (plan != null && plan.getParent(spec).isPresent() && !(spec.getSource().orElse(null) instanceof ClassSource)) {
      spec = plan.getParent(spec).get();
    }
    return spec == id ? id.getDisplayName() : spec.getDisplayName() + ": " + id.getDisplayName();
  }

  /** The spec file and line the failure happened at, from the innermost frame of a spec's code. */
  private Optional<String> where(Throwable t) {
    for (StackTraceElement e : t.getStackTrace()) {
      String outer = e.getClassName().split("\\$", 2)[0];
      if (files.containsKey(outer) && e.getLineNumber() > 0) {
        return Optional.of(files.get(outer) + ":" + e.getLineNumber());
      }
    }
    return Optional.empty();
  }

  boolean allPassed() {
    return failed == 0 && passed > 0;
  }

  String summary() {
    return passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "");
  }
}
