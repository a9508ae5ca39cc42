package org.loomdns.zone.dsl;

import java.util.ArrayList;
import java.util.List;
import org.loomdns.zone.dsl.PyNode.*;
import org.loomdns.zone.dsl.PyTokenizer.Kind;
import org.loomdns.zone.dsl.PyTokenizer.Token;

/**
 * The statements of the part of Python a zone file uses: assignments (chained, to tuples and
 * subscripts), augmented assignments, for, while, if/elif/else, def and return, pass, break,
 * continue, and import lines. Expressions are {@link PyExpressions}'.
 */
final class PyParser extends PyExpressions {

  private static final List<String> AUGMENTED = List.of("+=", "-=", "*=", "/=", "//=", "%=", "**=", "|=", "&=", "^=", "<<=", ">>=");

  private PyParser(List<Token> tokens) {
    super(tokens);
  }

  static List<Stmt> parse(String source) {
    PyParser parser = new PyParser(PyTokenizer.tokens(source));
    List<Stmt> out = new ArrayList<>();
    while (parser.peek().kind() != Kind.END) {
      parser.statement(out);
    }
    return out;
  }

  private void statement(List<Stmt> out) {
    Token t = peek();
    switch (t.kind() == Kind.NAME ? t.text() : "") {
      case "if" -> out.add(ifStatement());
      case "for" -> {
        next();
        Expr target = targets();
        expect("in");
        Expr iter = testList();
        List<Stmt> body = block();
        out.add(new For(target, iter, body, accept("else") ? block() : List.of(), t.line()));
      }
      case "while" -> {
        next();
        Expr condition = test();
        out.add(new While(condition, block(), t.line()));
      }
      case "def" -> out.add(definition());
      case "class", "try", "with", "async", "global", "nonlocal", "del", "raise", "assert", "yield" ->
          throw new PyError(t.line(), "'" + t.text() + "' is more Python than a zone file may hold here");
      default -> {
        out.add(small());
        while (accept(";") && peek().kind() != Kind.NEWLINE) {
          out.add(small());
        }
        if (peek().kind() != Kind.NEWLINE) {
          throw unexpected("the end of the statement");
        }
        next();
      }
    }
  }

  private If ifStatement() {
    int line = next().line();
    Expr condition = test();
    List<Stmt> body = block();
    if (at("elif")) {
      return new If(condition, body, List.of(ifStatement()), line);
    }
    return new If(condition, body, accept("else") ? block() : List.of(), line);
  }

  private Def definition() {
    int line = next().line();
    Token name = next();
    if (name.kind() != Kind.NAME) {
      throw new PyError(line, "def needs a function name");
    }
    expect("(");
    List<String> params = new ArrayList<>();
    List<Expr> defaults = new ArrayList<>();
    while (!at(")")) {
      Token param = next();
      if (param.kind() != Kind.NAME) {
        throw new PyError(param.line(), "a parameter must be a plain name");
      }
      params.add(param.text());
      if (accept("=")) {
        defaults.add(test());
      } else if (!defaults.isEmpty()) {
        throw new PyError(param.line(), "a parameter without a default follows one with a default");
      }
      if (!accept(",")) {
        break;
      }
    }
    expect(")");
    return new Def(name.text(), params, defaults, block(), line);
  }

  private List<Stmt> block() {
    expect(":");
    List<Stmt> body = new ArrayList<>();
    if (peek().kind() != Kind.NEWLINE) {
      body.add(small());
      while (accept(";") && peek().kind() != Kind.NEWLINE) {
        body.add(small());
      }
      if (peek().kind() != Kind.NEWLINE) {
        throw unexpected("the end of the statement");
      }
      next();
      return body;
    }
    next();
    if (peek().kind() != Kind.INDENT) {
      throw unexpected("an indented block");
    }
    next();
    while (peek().kind() != Kind.DEDENT && peek().kind() != Kind.END) {
      statement(body);
    }
    next();
    return body;
  }

  private Stmt small() {
    Token t = peek();
    if (t.kind() == Kind.NAME) {
      switch (t.text()) {
        case "pass", "break", "continue" -> {
          next();
          return new Keyword(t.text(), t.line());
        }
        case "return" -> {
          next();
          boolean bare = peek().kind() == Kind.NEWLINE || at(";");
          return new Return(bare ? new Const(null, t.line()) : testList(), t.line());
        }
        case "import", "from" -> {
          return importStatement();
        }
        default -> { }
      }
    }
    Expr first = testList();
    for (String op : AUGMENTED) {
      if (accept(op)) {
        return new AugAssign(first, op.substring(0, op.length() - 1), testList(), t.line());
      }
    }
    if (!at("=")) {
      return new ExprStmt(first, t.line());
    }
    List<Expr> targets = new ArrayList<>(List.of(first));
    Expr value = null;
    while (accept("=")) {
      value = testList();
      targets.add(value);
    }
    targets.remove(targets.size() - 1);
    return new Assign(targets, value, t.line());
  }

  private Import importStatement() {
    int line = peek().line();
    boolean from = next().text().equals("from");
    String module = dotted();
    List<String> bound = new ArrayList<>();
    List<String> imported = new ArrayList<>();
    if (from) {
      expect("import");
      boolean parens = accept("(");
      if (accept("*")) {
        imported.add("*");
        bound.add("*");
      } else {
        do {
          if (parens && at(")")) {
            break;
          }
          String name = next().text();
          imported.add(name);
          bound.add(accept("as") ? next().text() : name);
        } while (accept(","));
      }
      if (parens) {
        expect(")");
      }
    } else {
      imported.add("");
      bound.add(accept("as") ? next().text() : module.split("\\.")[0]);
      if (at(",")) {
        throw new PyError(line, "one module per import line, please");
      }
    }
    return new Import(module, bound, imported, line);
  }

  private String dotted() {
    StringBuilder s = new StringBuilder(next().text());
    while (accept(".")) {
      s.append('.').append(next().text());
    }
    return s.toString();
  }
}
