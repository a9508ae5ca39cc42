package org.loomdns.dynamic;

import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Types;

/**
 * Turns {@code a =~ b} into {@code BoundedRegex.find(a, b)} and {@code a ==~ b} into
 * {@code BoundedRegex.matches(a, b)} everywhere in a rule file, closures included, so a regex a
 * body applies stops at the rule's deadline. Regexes reached through methods (String.matches,
 * replaceAll, split, find, a {@code case ~/.../}) are not rewritten.
 */
final class RegexOperators extends CompilationCustomizer {

  private static final ClassNode BOUNDED = ClassHelper.make(BoundedRegex.class);

  RegexOperators() {
    super(CompilePhase.CANONICALIZATION);
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    new ClassCodeExpressionTransformer() {
      @Override
      protected SourceUnit getSourceUnit() {
        return source;
      }

      @Override
      public Expression transform(Expression e) {
        if (e instanceof ClosureExpression closure) {
          // A closure's transformExpression does not descend into its code.
          closure.getCode().visit(this);
          return closure;
        }
        if (e instanceof BinaryExpression b) {
          int op = b.getOperation().getType();
          if (op == Types.FIND_REGEX || op == Types.MATCH_REGEX) {
            Expression call = new StaticMethodCallExpression(BOUNDED, op == Types.FIND_REGEX ? "find" : "matches",
                new ArgumentListExpression(transform(b.getLeftExpression()), transform(b.getRightExpression())));
            call.setSourcePosition(b);
            return call;
          }
        }
        return e == null ? null : e.transformExpression(this);
      }
    }.visitClass(classNode);
  }
}
