package org.loomdns.zone.dsl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loomdns.zone.dsl.PyNode.*;
import org.loomdns.zone.dsl.PyValues.Tuple;

/**
 * Runs a parsed pyzone file. Names resolve through the enclosing scopes, then the file's
 * top level, then {@link PyBuiltins}; calls of record types go to {@link PyRecords}. Every
 * statement and loop turn counts against a time limit, and function calls against a depth limit,
 * so a file that never ends or recurses forever fails with its line instead of hanging start-up.
 */
final class PyEvaluator {

  static final int MAX_DEPTH = 200;

  /** Variables of one scope: the file's top level, a function call, or a comprehension. */
  static final class Scope {
    final Map<String, Object> vars = new HashMap<>();
    final Scope parent;

    Scope(Scope parent) {
      this.parent = parent;
    }

    Scope find(String name) {
      for (Scope s = this; s != null; s = s.parent) {
        if (s.vars.containsKey(name)) {
          return s;
        }
      }
      return null;
    }
  }

  /** Something a file can call: a builtin, a record type, a method of a value, its own def or lambda. */
  interface Callable {
    Object call(PyEvaluator ev, List<Object> args, Map<String, Object> named, int line);
  }

  record Function(Def def, List<Object> defaults, Scope closure) {}

  record LambdaFunction(Lambda lambda, Scope closure) {}

  private enum Flow { NORMAL, BREAK, CONTINUE, RETURN }

  final Scope top = new Scope(null);
  private final PyRecords records;
  private final long deadline;
  private final long timeLimitSeconds;
  private long steps;
  private int depth;
  private Object returned;

  PyEvaluator(PyRecords records, long timeLimitSeconds) {
    this.records = records;
    this.timeLimitSeconds = timeLimitSeconds;
    this.deadline = System.nanoTime() + timeLimitSeconds * 1_000_000_000L;
  }

  void run(List<Stmt> program) {
    Flow f = block(program, top);
    if (f != Flow.NORMAL) {
      throw new PyError(0, "'" + f.name().toLowerCase() + "' outside a loop or function");
    }
  }

  private void tick(int line) {
    if ((++steps & 0xfff) == 0 && System.nanoTime() > deadline) {
      throw new PyError(line, "the file ran longer than " + timeLimitSeconds + " seconds");
    }
  }

  private Flow block(List<Stmt> body, Scope s) {
    for (Stmt st : body) {
      Flow f = exec(st, s);
      if (f != Flow.NORMAL) {
        return f;
      }
    }
    return Flow.NORMAL;
  }

  private Flow exec(Stmt st, Scope s) {
    tick(st.line());
    try {
      return execute(st, s);
    } catch (PyError e) {
      throw e;
    } catch (RuntimeException e) {
      // A builtin or method given arguments it does not take (too few, of another type).
      throw new PyError(st.line(), "cannot evaluate this line (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
  }

  private Flow execute(Stmt st, Scope s) {
    switch (st) {
      case ExprStmt e -> eval(e.value(), s);
      case Assign a -> {
        Object v = eval(a.value(), s);
        for (Expr t : a.targets()) {
          assign(t, v, s, a.line());
        }
      }
      case AugAssign a -> augment(a, s);
      case For f -> {
        Object iter = eval(f.iter(), s);
        for (Object item : PyValues.iterate(iter, f.line())) {
          tick(f.line());
          assign(f.target(), item, s, f.line());
          Flow r = block(f.body(), s);
          if (r == Flow.BREAK) {
            return Flow.NORMAL;
          }
          if (r == Flow.RETURN) {
            return r;
          }
        }
        return block(f.orElse(), s);
      }
      case While w -> {
        while (PyValues.truth(eval(w.condition(), s))) {
          tick(w.line());
          Flow r = block(w.body(), s);
          if (r == Flow.BREAK) {
            break;
          }
          if (r == Flow.RETURN) {
            return r;
          }
        }
      }
      case If i -> {
        return block(PyValues.truth(eval(i.condition(), s)) ? i.body() : i.orElse(), s);
      }
      case Def d -> {
        List<Object> defaults = new ArrayList<>();
        for (Expr e : d.defaults()) {
          defaults.add(eval(e, s));
        }
        s.vars.put(d.name(), new Function(d, defaults, s));
      }
      case Return r -> {
        if (s == top) {
          throw new PyError(r.line(), "'return' outside a function");
        }
        returned = eval(r.value(), s);
        return Flow.RETURN;
      }
      case Keyword k -> {
        return switch (k.word()) {
          case "break" -> Flow.BREAK;
          case "continue" -> Flow.CONTINUE;
          default -> Flow.NORMAL;
        };
      }
      case Import i -> PyBuiltins.importNames(i, s);
    }
    return Flow.NORMAL;
  }

  private void augment(AugAssign a, Scope s) {
    Object old = eval(a.target(), s);
    Object value = eval(a.value(), s);
    // Python's list += iterable extends the same list in place.
    if (a.op().equals("+") && old instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) l;
      List<Object> more = PyValues.list(value, a.line());
      PyValues.bound((long) list.size() + more.size(), a.line());
      list.addAll(more);
      return;
    }
    assign(a.target(), PyOperators.binary(a.op(), old, value, a.line()), s, a.line());
  }

  private void assign(Expr target, Object v, Scope s, int line) {
    switch (target) {
      case Name n -> s.vars.put(n.id(), v);
      case TupleExpr t -> unpack(t.items(), v, s, line);
      case ListExpr t -> unpack(t.items(), v, s, line);
      case Subscript sub -> PyBuiltins.setItem(eval(sub.object(), s), eval(sub.index(), s), v, line);
      default -> throw new PyError(line, "cannot assign to this expression");
    }
  }

  private void unpack(List<Expr> targets, Object v, Scope s, int line) {
    List<Object> values = PyValues.list(v, line);
    if (values.size() != targets.size()) {
      throw new PyError(line, "cannot unpack " + values.size() + " values into " + targets.size() + " names");
    }
    for (int i = 0; i < targets.size(); i++) {
      assign(targets.get(i), values.get(i), s, line);
    }
  }

  Object eval(Expr e, Scope s) {
    return switch (e) {
      case Const c -> c.value();
      case Name n -> lookup(n, s);
      case FString f -> PyFormat.fstring(f, x -> eval(x, s));
      case ListExpr l -> {
        List<Object> out = new ArrayList<>();
        l.items().forEach(x -> out.add(eval(x, s)));
        yield out;
      }
      case TupleExpr t -> {
        List<Object> out = new ArrayList<>();
        t.items().forEach(x -> out.add(eval(x, s)));
        yield new Tuple(out);
      }
      case DictExpr d -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < d.keys().size(); i++) {
          out.put(eval(d.keys().get(i), s), eval(d.values().get(i), s));
        }
        yield out;
      }
      case Comprehension c -> {
        List<Object> out = new ArrayList<>();
        comprehend(c.clauses(), 0, new Scope(s), c.line(), inner -> {
          out.add(eval(c.element(), inner));
          PyValues.bound(out.size(), c.line());
          PyValues.charge(1, c.line());
        });
        yield out;
      }
      case DictComprehension c -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        comprehend(c.clauses(), 0, new Scope(s), c.line(), inner -> {
          out.put(eval(c.key(), inner), eval(c.value(), inner));
          PyValues.bound(out.size(), c.line());
          PyValues.charge(1, c.line());
        });
        yield out;
      }
      case BinOp b -> PyOperators.binary(b.op(), eval(b.left(), s), eval(b.right(), s), b.line());
      case UnaryOp u -> PyOperators.unary(u.op(), eval(u.operand(), s), u.line());
      case BoolOp b -> {
        Object left = eval(b.left(), s);
        yield PyValues.truth(left) == b.op().equals("or") ? left : eval(b.right(), s);
      }
      case Compare c -> compare(c, s);
      case IfExp i -> PyValues.truth(eval(i.condition(), s)) ? eval(i.then(), s) : eval(i.otherwise(), s);
      case Call c -> call(c, s);
      case Attribute a -> PyBuiltins.attribute(eval(a.object(), s), a.name(), a.line());
      case Subscript sub -> PyBuiltins.getItem(eval(sub.object(), s), sub.index() instanceof Slice sl
          ? slice(sl, s) : eval(sub.index(), s), sub.line());
      case Slice sl -> throw new PyError(sl.line(), "a slice is only read inside [ ]");
      case Lambda l -> new LambdaFunction(l, s);
    };
  }

  private Object slice(Slice sl, Scope s) {
    List<Object> parts = new ArrayList<>();
    for (Expr x : new Expr[] {sl.lower(), sl.upper(), sl.step()}) {
      parts.add(x == null ? null : eval(x, s));
    }
    return new PyBuiltins.SliceValue(parts.get(0), parts.get(1), parts.get(2));
  }

  private Object lookup(Name n, Scope s) {
    Scope found = s.find(n.id());
    if (found != null) {
      return found.vars.get(n.id());
    }
    Object builtin = PyBuiltins.builtin(n.id());
    if (builtin != null) {
      return builtin;
    }
    if (records.has(n.id())) {
      return records.constructor(n.id());
    }
    throw new PyError(n.line(), "name '" + n.id() + "' is not defined" + records.suggestion(n.id()));
  }

  private boolean compare(Compare c, Scope s) {
    Object left = eval(c.operands().get(0), s);
    for (int i = 0; i < c.ops().size(); i++) {
      Object right = eval(c.operands().get(i + 1), s);
      boolean ok = switch (c.ops().get(i)) {
        case "==" -> PyValues.equal(left, right);
        case "!=" -> !PyValues.equal(left, right);
        case "<" -> PyValues.compare(left, right, c.line()) < 0;
        case "<=" -> PyValues.compare(left, right, c.line()) <= 0;
        case ">" -> PyValues.compare(left, right, c.line()) > 0;
        case ">=" -> PyValues.compare(left, right, c.line()) >= 0;
        case "in" -> PyValues.contains(right, left, c.line());
        case "not in" -> !PyValues.contains(right, left, c.line());
        case "is" -> left == right || (left == null) == (right == null) && left == null || left instanceof Boolean && left.equals(right);
        default -> !(left == right || left == null && right == null || left instanceof Boolean && left.equals(right));
      };
      if (!ok) {
        return false;
      }
      left = right;
    }
    return true;
  }

  private void comprehend(List<CompFor> clauses, int clause, Scope s, int line, java.util.function.Consumer<Scope> each) {
    if (clause == clauses.size()) {
      each.accept(s);
      return;
    }
    CompFor f = clauses.get(clause);
    outer:
    for (Object item : PyValues.iterate(eval(f.iter(), s), line)) {
      tick(line);
      assign(f.target(), item, s, line);
      for (Expr cond : f.conditions()) {
        if (!PyValues.truth(eval(cond, s))) {
          continue outer;
        }
      }
      comprehend(clauses, clause + 1, s, line, each);
    }
  }

  private Object call(Call c, Scope s) {
    Object function = eval(c.function(), s);
    List<Object> args = new ArrayList<>();
    for (int i = 0; i < c.args().size(); i++) {
      Object v = eval(c.args().get(i), s);
      if (c.starred().get(i)) {
        args.addAll(PyValues.list(v, c.line()));
      } else {
        args.add(v);
      }
    }
    Map<String, Object> named = new LinkedHashMap<>();
    for (int i = 0; i < c.names().size(); i++) {
      if (named.put(c.names().get(i), eval(c.named().get(i), s)) != null) {
        throw new PyError(c.line(), "keyword argument '" + c.names().get(i) + "' is given twice");
      }
    }
    return invoke(function, args, named, c.line());
  }

  Object invoke(Object function, List<Object> args, Map<String, Object> named, int line) {
    return switch (function) {
      case Callable f -> f.call(this, args, named, line);
      case Function f -> enter(f, args, named, line);
      case LambdaFunction l -> {
        if (!named.isEmpty() || args.size() != l.lambda().params().size()) {
          throw new PyError(line, "the lambda takes " + l.lambda().params().size() + " arguments");
        }
        Scope local = new Scope(l.closure());
        for (int i = 0; i < args.size(); i++) {
          local.vars.put(l.lambda().params().get(i), args.get(i));
        }
        yield eval(l.lambda().body(), local);
      }
      default -> throw new PyError(line, PyValues.type(function) + " is not callable");
    };
  }

  private Object enter(Function f, List<Object> args, Map<String, Object> named, int line) {
    List<String> params = f.def().params();
    if (args.size() > params.size()) {
      throw new PyError(line, f.def().name() + "() takes " + params.size() + " arguments, " + args.size() + " given");
    }
    Scope local = new Scope(f.closure());
    for (int i = 0; i < args.size(); i++) {
      local.vars.put(params.get(i), args.get(i));
    }
    for (Map.Entry<String, Object> e : named.entrySet()) {
      if (!params.contains(e.getKey()) || local.vars.containsKey(e.getKey())) {
        throw new PyError(line, f.def().name() + "() got an unexpected or repeated argument '" + e.getKey() + "'");
      }
      local.vars.put(e.getKey(), e.getValue());
    }
    int firstDefault = params.size() - f.defaults().size();
    for (int i = 0; i < params.size(); i++) {
      if (!local.vars.containsKey(params.get(i))) {
        if (i < firstDefault) {
          throw new PyError(line, f.def().name() + "() is missing argument '" + params.get(i) + "'");
        }
        local.vars.put(params.get(i), f.defaults().get(i - firstDefault));
      }
    }
    if (++depth > MAX_DEPTH) {
      throw new PyError(line, "calls nested deeper than " + MAX_DEPTH);
    }
    try {
      returned = null;
      Flow flow = block(f.def().body(), local);
      if (flow == Flow.BREAK || flow == Flow.CONTINUE) {
        throw new PyError(line, "'" + flow.name().toLowerCase() + "' outside a loop");
      }
      return flow == Flow.RETURN ? returned : null;
    } finally {
      depth--;
    }
  }
}
