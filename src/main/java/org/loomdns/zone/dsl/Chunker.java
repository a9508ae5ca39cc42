package org.loomdns.zone.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ArrayExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.EmptyExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.SpreadExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.UnaryMinusExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.BreakStatement;
import org.codehaus.groovy.ast.stmt.ContinueStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.ReturnStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Token;
import org.codehaus.groovy.syntax.Types;

/**
 * Keeps a large zone script under the JVM's limits (64 KB of bytecode per method, 65535 constants
 * per class) by moving work into closures, each its own class: a list literal too big for one
 * method becomes {@code [*{ -> [part 1] }(), *{ -> [part 2] }(), ...]}, and a long block of
 * statements (the script's body, a method's, a closure's) a series of closure calls. A block's
 * local declarations are hoisted to its head so the closures see the same variables. Runs of record
 * constructor calls with literal arguments become one {@link RecordScript#literalRecords} call each,
 * since linking thousands of distinct dynamic call sites costs far more than running them. Runs at
 * conversion, before variable scopes are resolved, so the new closures capture variables as
 * written ones would.
 */
final class Chunker extends CompilationCustomizer {

  /** AST nodes per chunk: a few bytes of bytecode and constants each keeps a chunk far below the limits. */
  static final int BUDGET = 2000;

  Chunker() {
    super(CompilePhase.CONVERSION);
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    Set<String> own = classNode.getMethods().stream().map(MethodNode::getName).collect(Collectors.toSet());
    MethodNode run = classNode.isScript() ? classNode.getMethod("run", Parameter.EMPTY_ARRAY) : null;
    new ListSplitter(source, own, run == null ? null : run.getCode()).visitClass(classNode);
  }

  /**
   * Moves a block's statements into closures when they are too many for one method. A block with
   * a return, break or continue outside any closure keeps its statements: inside a closure those
   * would jump somewhere else.
   */
  private static void splitStatements(BlockStatement block, Set<String> own, boolean scriptBody) {
    List<Statement> statements = block.getStatements();
    // A closing return stays where it is, after the chunks; any other jump forbids the split.
    Statement last = statements.isEmpty() ? null : statements.get(statements.size() - 1);
    Statement closing = last instanceof ReturnStatement ? last : null;
    if (weight(statements) <= BUDGET || jumps(statements.subList(0, statements.size() - (closing == null ? 0 : 1)))) {
      return;
    }
    if (closing != null) {
      statements.remove(statements.size() - 1);
    }
    boolean localZone = !scriptBody || statements.stream().anyMatch(s -> s instanceof ExpressionStatement es
        && es.getExpression() instanceof DeclarationExpression d && declares(d, "zone"));
    List<Statement> head = new ArrayList<>();
    List<Statement> body = new ArrayList<>();
    for (Statement s : statements) {
      if (s instanceof ExpressionStatement es && es.getExpression() instanceof DeclarationExpression d
          && d.getAnnotations().isEmpty()) {
        hoist(d, head, body);
      } else if (s instanceof ExpressionStatement es && es.getExpression() instanceof DeclarationExpression) {
        head.add(s); // an annotated declaration (@Field) must stay in run() itself
      } else {
        body.add(s);
      }
    }
    if (!localZone) {
      body = batchAppends(body, own);
    }
    List<Statement> chunked = chunk(body, part -> {
      BlockStatement b = new BlockStatement(part, null);
      Statement call = new ExpressionStatement(callOf(b, part.get(0)));
      call.setSourcePosition(part.get(0));
      return call;
    });
    statements.clear();
    statements.addAll(head);
    statements.addAll(chunked);
    if (closing != null) {
      statements.add(closing);
    }
  }

  private static boolean jumps(List<Statement> statements) {
    boolean[] found = {false};
    CodeVisitorSupport finder = new CodeVisitorSupport() {
      @Override
      public void visitReturnStatement(ReturnStatement s) {
        found[0] = true;
      }

      @Override
      public void visitBreakStatement(BreakStatement s) {
        found[0] = true;
      }

      @Override
      public void visitContinueStatement(ContinueStatement s) {
        found[0] = true;
      }

      @Override
      public void visitClosureExpression(ClosureExpression e) {
        // a jump inside a closure stays inside it
      }
    };
    statements.forEach(st -> st.visit(finder));
    return found[0];
  }

  private static boolean declares(DeclarationExpression d, String name) {
    return d.getLeftExpression() instanceof TupleExpression t
        ? t.getExpressions().stream().anyMatch(v -> v instanceof VariableExpression ve && ve.getName().equals(name))
        : d.getVariableExpression().getName().equals(name);
  }

  /** Runs of {@code zone << A('literal', ...)} become {@code zone.addAll(literalRecords(...))}. */
  private static List<Statement> batchAppends(List<Statement> body, Set<String> own) {
    List<Statement> out = new ArrayList<>();
    List<MethodCallExpression> run = new ArrayList<>();
    List<Statement> runStatements = new ArrayList<>();
    int w = 0;
    for (Statement s : body) {
      MethodCallExpression call = appendedLiteral(s, own);
      if (call != null && w + weight(call) <= BUDGET / 2) {
        run.add(call);
        runStatements.add(s);
        w += weight(call);
        continue;
      }
      flushAppends(run, runStatements, out);
      w = 0;
      if (call != null) {
        run.add(call);
        runStatements.add(s);
        w = weight(call);
      } else {
        out.add(s);
      }
    }
    flushAppends(run, runStatements, out);
    return out;
  }

  private static void flushAppends(List<MethodCallExpression> run, List<Statement> statements, List<Statement> out) {
    if (run.size() < 2) {
      out.addAll(statements);
    } else {
      MethodCallExpression add = new MethodCallExpression(new VariableExpression("zone"), "addAll",
          new ArgumentListExpression(batch(run)));
      add.setImplicitThis(false);
      add.setSourcePosition(run.get(0));
      ExpressionStatement s = new ExpressionStatement(add);
      s.setSourcePosition(run.get(0));
      out.add(s);
    }
    run.clear();
    statements.clear();
  }

  private static MethodCallExpression appendedLiteral(Statement s, Set<String> own) {
    if (s instanceof ExpressionStatement es && es.getExpression() instanceof BinaryExpression b
        && b.getOperation().getType() == Types.LEFT_SHIFT && b.getLeftExpression() instanceof VariableExpression v
        && v.getName().equals("zone") && isLiteralCall(b.getRightExpression(), own)) {
      return (MethodCallExpression) b.getRightExpression();
    }
    return null;
  }

  /** A record constructor called with nothing but literals: {@code A('www.example.com', '192.0.2.1', ttl: 60)}. */
  static boolean isLiteralCall(Expression e, Set<String> own) {
    return e instanceof MethodCallExpression call && call.isImplicitThis()
        && call.getMethodAsString() != null && RecordConstructors.has(call.getMethodAsString())
        && !own.contains(call.getMethodAsString())
        && call.getArguments() instanceof TupleExpression args
        && args.getExpressions().stream().allMatch(a -> a instanceof MapExpression m
            ? m.getMapEntryExpressions().stream().allMatch(x -> x.getKeyExpression() instanceof ConstantExpression
                && isLiteral(x.getValueExpression()))
            : isLiteral(a));
  }

  /** A constant, or a negative number. */
  static boolean isLiteral(Expression e) {
    return e instanceof ConstantExpression
        || (e instanceof UnaryMinusExpression m && m.getExpression() instanceof ConstantExpression c
            && c.getValue() instanceof Number);
  }

  /** {@code this.literalRecords(new int[] {lines}, new String[] {names}, new Object[][] {args})}. */
  private static Expression batch(List<MethodCallExpression> calls) {
    List<Expression> lines = new ArrayList<>();
    List<Expression> names = new ArrayList<>();
    List<Expression> args = new ArrayList<>();
    for (MethodCallExpression c : calls) {
      lines.add(new ConstantExpression(c.getLineNumber(), true));
      names.add(new ConstantExpression(c.getMethodAsString()));
      List<Expression> a = new ArrayList<>();
      for (Expression x : ((TupleExpression) c.getArguments()).getExpressions()) {
        a.add(x instanceof MapExpression m ? new MapExpression(m.getMapEntryExpressions()) : x);
      }
      args.add(new ArrayExpression(ClassHelper.OBJECT_TYPE, a));
    }
    MethodCallExpression call = new MethodCallExpression(new VariableExpression("this"), "literalRecords",
        new ArgumentListExpression(new ArrayExpression(ClassHelper.int_TYPE, lines),
            new ArrayExpression(ClassHelper.STRING_TYPE, names),
            new ArrayExpression(ClassHelper.OBJECT_TYPE.makeArray(), args)));
    call.setImplicitThis(false);
    call.setSourcePosition(calls.get(0));
    return call;
  }

  /** {@code def x = e} becomes {@code def x} at the head and {@code x = e} where it was. */
  private static void hoist(DeclarationExpression d, List<Statement> head, List<Statement> body) {
    List<VariableExpression> vars = new ArrayList<>();
    if ((d.getLeftExpression() instanceof TupleExpression)) {
      d.getTupleExpression().getExpressions().forEach(v -> vars.add((VariableExpression) v));
    } else {
      vars.add(d.getVariableExpression());
    }
    for (VariableExpression v : vars) {
      DeclarationExpression decl = new DeclarationExpression(new VariableExpression(v.getName(), v.getOriginType()),
          Token.newSymbol(Types.ASSIGN, -1, -1), EmptyExpression.INSTANCE);
      decl.setSourcePosition(d);
      head.add(new ExpressionStatement(decl));
    }
    if (d.getRightExpression() instanceof EmptyExpression) {
      return;
    }
    Expression left = (d.getLeftExpression() instanceof TupleExpression)
        ? new TupleExpression(vars.stream().map(v -> (Expression) new VariableExpression(v.getName())).toList())
        : new VariableExpression(vars.get(0).getName());
    left.setSourcePosition(d.getLeftExpression());
    BinaryExpression assign = new BinaryExpression(left,
        Token.newSymbol(Types.ASSIGN, d.getLineNumber(), d.getColumnNumber()), d.getRightExpression());
    assign.setSourcePosition(d);
    ExpressionStatement s = new ExpressionStatement(assign);
    s.setSourcePosition(d);
    body.add(s);
  }

  /** Groups items into parts of at most BUDGET nodes, wraps each, and repeats until few enough remain. */
  private static <T extends ASTNode> List<T> chunk(List<T> items, Function<List<T>, T> wrap) {
    List<T> current = items;
    while (weight(current) > BUDGET && current.size() > 1) {
      List<T> next = new ArrayList<>();
      List<T> part = new ArrayList<>();
      int w = 0;
      for (T item : current) {
        int iw = weight(item);
        if (!part.isEmpty() && w + iw > BUDGET) {
          next.add(wrap.apply(part));
          part = new ArrayList<>();
          w = 0;
        }
        part.add(item);
        w += iw;
      }
      next.add(wrap.apply(part));
      if (next.size() == current.size()) {
        return next; // every item is too big to share a part; nothing more to gain
      }
      current = next;
    }
    return current;
  }

  private static MethodCallExpression callOf(Statement code, ASTNode at) {
    ClosureExpression closure = new ClosureExpression(Parameter.EMPTY_ARRAY, code);
    closure.setSourcePosition(at);
    MethodCallExpression call = new MethodCallExpression(closure, "call", ArgumentListExpression.EMPTY_ARGUMENTS);
    call.setImplicitThis(false);
    call.setSourcePosition(at);
    return call;
  }

  private static int weight(List<? extends ASTNode> nodes) {
    int w = 0;
    for (ASTNode n : nodes) {
      w += weight(n);
    }
    return w;
  }

  /** About how many bytecode-bearing nodes {@code node} holds. */
  static int weight(ASTNode node) {
    int[] count = {1};
    CodeVisitorSupport counter = new CodeVisitorSupport() {
      @Override
      public void visitMethodCallExpression(MethodCallExpression e) {
        count[0] += 2;
        super.visitMethodCallExpression(e);
      }

      @Override
      public void visitConstantExpression(ConstantExpression e) {
        count[0]++;
      }

      @Override
      public void visitVariableExpression(VariableExpression e) {
        count[0]++;
      }

      @Override
      public void visitBinaryExpression(BinaryExpression e) {
        count[0]++;
        super.visitBinaryExpression(e);
      }

      @Override
      public void visitMapEntryExpression(MapEntryExpression e) {
        count[0]++;
        super.visitMapEntryExpression(e);
      }

      @Override
      public void visitPropertyExpression(PropertyExpression e) {
        count[0]++;
        super.visitPropertyExpression(e);
      }

      @Override
      public void visitListExpression(ListExpression e) {
        count[0]++;
        super.visitListExpression(e);
      }

      @Override
      public void visitClosureExpression(ClosureExpression e) {
        count[0] += 3; // its body is a class of its own
      }

      @Override
      public void visitExpressionStatement(ExpressionStatement s) {
        count[0]++;
        super.visitExpressionStatement(s);
      }
    };
    node.visit(counter);
    return count[0];
  }

  /** Splits every list literal, wherever it is, that is too big for one method. */
  private static final class ListSplitter extends ClassCodeExpressionTransformer {
    private final SourceUnit source;
    private final Set<String> own;
    private final Statement scriptBody;
    private boolean inStatic;

    ListSplitter(SourceUnit source, Set<String> own, Statement scriptBody) {
      this.source = source;
      this.own = own;
      this.scriptBody = scriptBody;
    }

    /** Inner blocks first, so a block's weight already counts its split lists and inner chunks. */
    @Override
    public void visitBlockStatement(BlockStatement block) {
      super.visitBlockStatement(block);
      splitStatements(block, own, block == scriptBody);
    }

    @Override
    protected void visitConstructorOrMethod(MethodNode node, boolean isConstructor) {
      inStatic = node.isStatic();
      super.visitConstructorOrMethod(node, isConstructor);
    }

    /** Runs of literal constructor calls become {@code *literalRecords(...)}; needs {@code this}. */
    private List<Expression> batchLiterals(List<Expression> items) {
      if (inStatic) {
        return items;
      }
      List<Expression> out = new ArrayList<>();
      List<MethodCallExpression> run = new ArrayList<>();
      int w = 0;
      for (Expression e : items) {
        boolean literal = isLiteralCall(e, own);
        if (!literal || w + weight(e) > BUDGET / 2) {
          flush(run, out);
          w = 0;
        }
        if (literal) {
          run.add((MethodCallExpression) e);
          w += weight(e);
        } else {
          out.add(e);
        }
      }
      flush(run, out);
      return out;
    }

    private static void flush(List<MethodCallExpression> run, List<Expression> out) {
      if (run.size() < 2) {
        out.addAll(run);
      } else {
        SpreadExpression spread = new SpreadExpression(batch(run));
        spread.setSourcePosition(run.get(0));
        out.add(spread);
      }
      run.clear();
    }

    @Override
    protected SourceUnit getSourceUnit() {
      return source;
    }

    @Override
    public Expression transform(Expression e) {
      if (e == null) {
        return null;
      }
      if (e instanceof ClosureExpression c) {
        c.getCode().visit(this);
        return c;
      }
      Expression t = e.transformExpression(this);
      if (t instanceof ListExpression list && list.getExpressions().size() > 1 && weight(list) > BUDGET) {
        List<Expression> parts = chunk(batchLiterals(list.getExpressions()), part -> {
          ListExpression piece = new ListExpression(part);
          piece.setSourcePosition(part.get(0));
          ReturnStatement ret = new ReturnStatement(piece);
          ret.setSourcePosition(part.get(0));
          SpreadExpression spread = new SpreadExpression(callOf(ret, part.get(0)));
          spread.setSourcePosition(part.get(0));
          return spread;
        });
        ListExpression split = new ListExpression(parts);
        split.setSourcePosition(list);
        return split;
      }
      return t;
    }
  }
}
