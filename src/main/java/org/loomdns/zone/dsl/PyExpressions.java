package org.loomdns.zone.dsl;

import java.util.ArrayList;
import java.util.List;
import org.loomdns.zone.dsl.PyNode.*;
import org.loomdns.zone.dsl.PyTokenizer.Kind;
import org.loomdns.zone.dsl.PyTokenizer.Token;

/**
 * Python's expressions by recursive descent over {@link PyTokenizer}'s tokens, with Python's
 * precedence: conditional expressions, lambda, boolean and comparison chains, arithmetic and bit
 * operators, calls with keyword and starred arguments, subscripts and slices, attributes, list,
 * tuple and dict displays, comprehensions and f-strings.
 */
class PyExpressions {

  private static final List<String> COMPARISONS = List.of("==", "!=", "<", "<=", ">", ">=", "in", "not", "is");

  final List<Token> tokens;
  int p;

  PyExpressions(List<Token> tokens) {
    this.tokens = tokens;
  }

  Token peek() {
    return tokens.get(p);
  }

  Token next() {
    return tokens.get(p++);
  }

  boolean at(String op) {
    return peek().is(op);
  }

  boolean accept(String op) {
    if (at(op)) {
      p++;
      return true;
    }
    return false;
  }

  Token expect(String op) {
    if (!at(op)) {
      throw unexpected("'" + op + "'");
    }
    return next();
  }

  PyError unexpected(String wanted) {
    Token t = peek();
    String found = switch (t.kind()) {
      case NEWLINE -> tokens.get(p + 1).kind() == Kind.END ? "the end of the file" : "the end of the line";
      case INDENT -> "an indented line";
      case DEDENT, END -> "the end of the block";
      case STRING, BYTES, FSTRING -> "a string";
      default -> "'" + t.text() + "'";
    };
    return new PyError(t.line(), "expected " + wanted + ", found " + found);
  }

  /** A for loop's or comprehension's targets: names, possibly a tuple of them. */
  Expr targets() {
    int line = peek().line();
    List<Expr> items = new ArrayList<>();
    do {
      if (at("in")) {
        break;
      }
      items.add(bitOr());
    } while (accept(","));
    return items.size() == 1 ? items.get(0) : new TupleExpr(items, line);
  }

  Expr testList() {
    int line = peek().line();
    Expr first = starOrTest();
    if (!at(",")) {
      return first;
    }
    List<Expr> items = new ArrayList<>(List.of(first));
    while (accept(",") && startsExpression()) {
      items.add(starOrTest());
    }
    return new TupleExpr(items, line);
  }

  private Expr starOrTest() {
    if (at("*")) {
      throw new PyError(peek().line(), "a starred expression is only read in a call's arguments");
    }
    return test();
  }

  private boolean startsExpression() {
    Token t = peek();
    return switch (t.kind()) {
      case NEWLINE, INDENT, DEDENT, END -> false;
      case OP -> List.of("(", "[", "{", "-", "+", "~").contains(t.text());
      case NAME -> !List.of("for", "in", "if", "else").contains(t.text());
      default -> true;
    };
  }

  Expr test() {
    if (at("lambda")) {
      int line = next().line();
      List<String> params = new ArrayList<>();
      while (!at(":")) {
        params.add(next().text());
        if (!accept(",")) {
          break;
        }
      }
      expect(":");
      return new Lambda(params, test(), line);
    }
    Expr value = orTest();
    if (at("if")) {
      int line = next().line();
      Expr condition = orTest();
      expect("else");
      return new IfExp(condition, value, test(), line);
    }
    return value;
  }

  Expr orTest() {
    Expr left = andTest();
    while (at("or")) {
      int line = next().line();
      left = new BoolOp("or", left, andTest(), line);
    }
    return left;
  }

  private Expr andTest() {
    Expr left = notTest();
    while (at("and")) {
      int line = next().line();
      left = new BoolOp("and", left, notTest(), line);
    }
    return left;
  }

  private Expr notTest() {
    if (at("not")) {
      int line = next().line();
      return new UnaryOp("not", notTest(), line);
    }
    return comparison();
  }

  private Expr comparison() {
    Expr first = bitOr();
    List<String> ops = new ArrayList<>();
    List<Expr> operands = new ArrayList<>(List.of(first));
    while (peek().kind() != Kind.STRING && COMPARISONS.contains(peek().text())) {
      String op = next().text();
      if (op.equals("not")) {
        expect("in");
        op = "not in";
      } else if (op.equals("is") && accept("not")) {
        op = "is not";
      }
      ops.add(op);
      operands.add(bitOr());
    }
    return ops.isEmpty() ? first : new Compare(ops, operands, first.line());
  }

  private Expr bitOr() {
    return binary(0);
  }

  private static final List<List<String>> LEVELS = List.of(
      List.of("|"), List.of("^"), List.of("&"), List.of("<<", ">>"), List.of("+", "-"), List.of("*", "/", "//", "%", "@"));

  private Expr binary(int level) {
    if (level == LEVELS.size()) {
      return factor();
    }
    Expr left = binary(level + 1);
    while (peek().kind() == Kind.OP && LEVELS.get(level).contains(peek().text())) {
      Token op = next();
      left = new BinOp(op.text(), left, binary(level + 1), op.line());
    }
    return left;
  }

  private Expr factor() {
    if (peek().kind() == Kind.OP && List.of("-", "+", "~").contains(peek().text())) {
      Token op = next();
      return new UnaryOp(op.text(), factor(), op.line());
    }
    Expr base = primary();
    if (at("**")) {
      int line = next().line();
      return new BinOp("**", base, factor(), line);
    }
    return base;
  }

  private Expr primary() {
    Expr e = atom();
    while (true) {
      if (at("(")) {
        e = call(e);
      } else if (at("[")) {
        int line = next().line();
        Expr index = subscript();
        expect("]");
        e = new Subscript(e, index, line);
      } else if (at(".")) {
        int line = next().line();
        Token name = next();
        if (name.kind() != Kind.NAME) {
          throw new PyError(line, "expected a name after '.'");
        }
        e = new Attribute(e, name.text(), line);
      } else {
        return e;
      }
    }
  }

  private Expr subscript() {
    int line = peek().line();
    Expr lower = at(":") ? null : test();
    if (!at(":")) {
      return lower;
    }
    next();
    Expr upper = at("]") || at(":") ? null : test();
    Expr step = accept(":") && !at("]") ? test() : null;
    return new Slice(lower, upper, step, line);
  }

  private Call call(Expr function) {
    int line = expect("(").line();
    List<Expr> args = new ArrayList<>();
    List<Boolean> starred = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Expr> named = new ArrayList<>();
    while (!at(")")) {
      if (accept("**")) {
        throw new PyError(line, "**keyword arguments are not read here; name each argument");
      }
      boolean star = accept("*");
      if (!star && peek().kind() == Kind.NAME && tokens.get(p + 1).is("=")) {
        String name = next().text();
        next();
        names.add(name);
        named.add(test());
      } else {
        if (!names.isEmpty()) {
          throw new PyError(peek().line(), "a positional argument follows a keyword argument");
        }
        Expr arg = test();
        if (at("for")) {
          arg = new Comprehension(arg, clauses(), arg.line());
        }
        args.add(arg);
        starred.add(star);
      }
      if (!accept(",")) {
        break;
      }
    }
    expect(")");
    return new Call(function, args, starred, names, named, line);
  }

  List<CompFor> clauses() {
    List<CompFor> out = new ArrayList<>();
    while (accept("for")) {
      Expr target = targets();
      expect("in");
      Expr iter = orTest();
      List<Expr> conditions = new ArrayList<>();
      while (accept("if")) {
        conditions.add(orTest());
      }
      out.add(new CompFor(target, iter, conditions));
    }
    return out;
  }

  private Expr atom() {
    Token t = next();
    switch (t.kind()) {
      case NUMBER -> {
        return new Const(t.value(), t.line());
      }
      case STRING, BYTES, FSTRING -> {
        List<Token> parts = new ArrayList<>(List.of(t));
        while (List.of(Kind.STRING, Kind.BYTES, Kind.FSTRING).contains(peek().kind())) {
          parts.add(next());
        }
        return PyFString.join(parts);
      }
      case NAME -> {
        return switch (t.text()) {
          case "True" -> new Const(Boolean.TRUE, t.line());
          case "False" -> new Const(Boolean.FALSE, t.line());
          case "None" -> new Const(null, t.line());
          default -> new Name(t.text(), t.line());
        };
      }
      default -> { }
    }
    if (t.is("(")) {
      if (accept(")")) {
        return new TupleExpr(List.of(), t.line());
      }
      Expr first = test();
      if (at("for")) {
        Expr gen = new Comprehension(first, clauses(), t.line());
        expect(")");
        return gen;
      }
      if (accept(")")) {
        return first;
      }
      List<Expr> items = new ArrayList<>(List.of(first));
      while (accept(",") && !at(")")) {
        items.add(test());
      }
      expect(")");
      return new TupleExpr(items, t.line());
    }
    if (t.is("[")) {
      List<Expr> items = new ArrayList<>();
      if (!at("]")) {
        Expr first = test();
        if (at("for")) {
          Expr comp = new Comprehension(first, clauses(), t.line());
          expect("]");
          return comp;
        }
        items.add(first);
        while (accept(",") && !at("]")) {
          items.add(test());
        }
      }
      expect("]");
      return new ListExpr(items, t.line());
    }
    if (t.is("{")) {
      List<Expr> keys = new ArrayList<>();
      List<Expr> values = new ArrayList<>();
      while (!at("}")) {
        keys.add(test());
        expect(":");
        values.add(test());
        if (keys.size() == 1 && at("for")) {
          Expr comp = new DictComprehension(keys.get(0), values.get(0), clauses(), t.line());
          expect("}");
          return comp;
        }
        if (!accept(",")) {
          break;
        }
      }
      expect("}");
      return new DictExpr(keys, values, t.line());
    }
    p--;
    throw unexpected("a value");
  }

  /** One expression from text, as in an f-string's braces. */
  static Expr expression(String text, int line) {
    List<Token> shifted = PyTokenizer.tokens(text).stream()
        .map(t -> new Token(t.kind(), t.text(), t.value(), line + t.line() - 1)).toList();
    PyExpressions parser = new PyExpressions(shifted);
    Expr e = parser.testList();
    if (parser.peek().kind() != Kind.NEWLINE && parser.peek().kind() != Kind.END) {
      throw parser.unexpected("the end of the expression");
    }
    return e;
  }
}
