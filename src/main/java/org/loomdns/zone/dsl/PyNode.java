package org.loomdns.zone.dsl;

import java.util.List;

/** The syntax tree of a pyzone file: the statements and expressions {@link PyParser} reads. */
sealed interface PyNode {

  int line();

  /** An expression. */
  sealed interface Expr extends PyNode {}

  /** A statement. */
  sealed interface Stmt extends PyNode {}

  record Const(Object value, int line) implements Expr {}

  /** An f-string: its parts are literal Strings and {@link Field}s. */
  record FString(List<Object> parts, int line) implements Expr {}

  record Field(Expr value, char conversion, String spec) {}

  record Name(String id, int line) implements Expr {}

  record ListExpr(List<Expr> items, int line) implements Expr {}

  record TupleExpr(List<Expr> items, int line) implements Expr {}

  record DictExpr(List<Expr> keys, List<Expr> values, int line) implements Expr {}

  /** {@code [element for ... in ... if ...]}, or the same in parentheses (a generator). */
  record Comprehension(Expr element, List<CompFor> clauses, int line) implements Expr {}

  record DictComprehension(Expr key, Expr value, List<CompFor> clauses, int line) implements Expr {}

  record CompFor(Expr target, Expr iter, List<Expr> conditions) {}

  record BinOp(String op, Expr left, Expr right, int line) implements Expr {}

  record UnaryOp(String op, Expr operand, int line) implements Expr {}

  /** {@code and} / {@code or}, which give one of their operands. */
  record BoolOp(String op, Expr left, Expr right, int line) implements Expr {}

  /** A chain such as {@code a < b <= c}: {@code ops.size() == operands.size() - 1}. */
  record Compare(List<String> ops, List<Expr> operands, int line) implements Expr {}

  record IfExp(Expr condition, Expr then, Expr otherwise, int line) implements Expr {}

  /** A call; {@code starred} marks positional arguments written {@code *xs}. */
  record Call(Expr function, List<Expr> args, List<Boolean> starred, List<String> names, List<Expr> named, int line)
      implements Expr {}

  record Attribute(Expr object, String name, int line) implements Expr {}

  record Subscript(Expr object, Expr index, int line) implements Expr {}

  /** {@code lower:upper:step} inside a subscript; absent parts are null. */
  record Slice(Expr lower, Expr upper, Expr step, int line) implements Expr {}

  record Lambda(List<String> params, Expr body, int line) implements Expr {}

  record ExprStmt(Expr value, int line) implements Stmt {}

  /** {@code a = b = value}; a target may be a name, a subscript or a tuple of targets. */
  record Assign(List<Expr> targets, Expr value, int line) implements Stmt {}

  record AugAssign(Expr target, String op, Expr value, int line) implements Stmt {}

  record For(Expr target, Expr iter, List<Stmt> body, List<Stmt> orElse, int line) implements Stmt {}

  record While(Expr condition, List<Stmt> body, int line) implements Stmt {}

  record If(Expr condition, List<Stmt> body, List<Stmt> orElse, int line) implements Stmt {}

  /** {@code def name(params): body}; defaults align with the last parameters. */
  record Def(String name, List<String> params, List<Expr> defaults, List<Stmt> body, int line) implements Stmt {}

  record Return(Expr value, int line) implements Stmt {}

  /** pass, break or continue. */
  record Keyword(String word, int line) implements Stmt {}

  /** {@code from module import a as b, ...} or {@code import module as m}; names maps bound name to imported name. */
  record Import(String module, List<String> bound, List<String> imported, int line) implements Stmt {}
}
