package org.loomdns.dynamic;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.loomdns.zone.dsl.RecordScript;

/**
 * Turns {@code answer(A(...))} inside a rule's closure into {@code this.answer(this.A(...))}.
 * Groovy sends a closure's implicit-this calls through the closure's meta-class, which looks the
 * method up again on every call; an explicit {@code this} call site is linked once. A rule body
 * that answers on every query spent more time in that lookup than in everything else it does.
 * The two mean the same here: a rule's closure has no delegate, so its owner, the script, is
 * where the implicit call ends up anyway. Only the rule DSL's own names are touched; a call that
 * Groovy already bound to a local variable of that name is not an implicit-this call any more.
 */
final class DirectCalls extends CompilationCustomizer {

  /** The public methods of the rule DSL: answer, nxdomain, ..., and every record constructor. */
  private static final Set<String> DSL = Arrays.stream(RuleScript.class.getMethods())
      .filter(m -> m.getDeclaringClass() == RuleScript.class || m.getDeclaringClass() == RecordScript.class)
      .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
      .map(Method::getName)
      .collect(Collectors.toUnmodifiableSet());

  DirectCalls() {
    super(CompilePhase.CANONICALIZATION);
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    new ClassCodeVisitorSupport() {
      @Override
      protected SourceUnit getSourceUnit() {
        return source;
      }

      @Override
      public void visitMethodCallExpression(MethodCallExpression call) {
        if (call.isImplicitThis() && call.getObjectExpression().getText().equals("this")
            && DSL.contains(call.getMethodAsString())) {
          call.setImplicitThis(false);
        }
        super.visitMethodCallExpression(call);
      }
    }.visitClass(classNode);
  }
}
