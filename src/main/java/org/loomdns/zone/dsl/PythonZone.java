package org.loomdns.zone.dsl;

import java.util.List;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.ImportNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;
import org.codehaus.groovy.syntax.Types;
import org.loomdns.zone.ZoneLoadException;

/**
 * Twisted's pyzone files: {@code zone = [ SOA(...), A(...), ... ]} in Python syntax. The text is
 * translated line for line into Groovy ({@code #} comments, {@code name="x"} keyword arguments,
 * Python string literals, True/False/None), then its syntax tree is checked to hold nothing but
 * that one list of record calls with literal arguments: a .py file is data, never a program.
 */
final class PythonZone {

  static final String SHAPE = "a .py zone holds only zone = [...] of record calls with literal arguments";

  private PythonZone() {}

  /** Groovy source with the same lines as {@code python}. */
  static String translate(String python, String file) throws ZoneLoadException {
    StringBuilder out = new StringBuilder(python.length() + 64);
    int n = python.length();
    int parens = 0;
    int line = 1;
    int lastSignificant = -1;
    int i = 0;
    while (i < n) {
      char c = python.charAt(i);
      if (c == '\n') {
        line++;
        out.append(c);
        i++;
      } else if (c == '#') {
        int end = python.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append("//").append(python, i + 1, end);
        i = end;
      } else if (c == '\\' && (python.startsWith("\n", i + 1) || python.startsWith("\r\n", i + 1))) {
        out.append(' ');
        i++;
      } else if (Character.isJavaIdentifierStart(c)) {
        int j = i;
        while (j < n && Character.isJavaIdentifierPart(python.charAt(j))) {
          j++;
        }
        String word = python.substring(i, j);
        if (j < n && (python.charAt(j) == '\'' || python.charAt(j) == '"') && word.matches("(?i)[bur]|br|rb")) {
          i = string(python, j, word.toLowerCase().contains("r"), out, file, line);
          line += count(python, j, i);
        } else {
          int k = j;
          while (k < n && (python.charAt(k) == ' ' || python.charAt(k) == '\t')) {
            k++;
          }
          boolean keyword = parens > 0 && k < n && python.charAt(k) == '=' && !python.startsWith("==", k);
          out.append(switch (word) {
            case "True" -> "true";
            case "False" -> "false";
            case "None" -> "null";
            default -> keyword ? word + ":" : word;
          });
          i = keyword ? k + 1 : j;
        }
        lastSignificant = out.length() - 1;
      } else if (c == '\'' || c == '"') {
        int end = string(python, i, false, out, file, line);
        line += count(python, i, end);
        i = end;
        lastSignificant = out.length() - 1;
      } else if (Character.isDigit(c)) {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(python.charAt(j)) || python.charAt(j) == '_' || python.charAt(j) == '.')) {
          j++;
        }
        String number = python.substring(i, j);
        out.append(number.matches("0[oO][0-7_]+") ? "0" + number.substring(2) : number);
        i = j;
        lastSignificant = out.length() - 1;
      } else {
        if (c == '(') {
          parens++;
        } else if (c == ')') {
          parens--;
        }
        if ((c == ')' || c == ']') && lastSignificant >= 0 && out.charAt(lastSignificant) == ',') {
          out.setCharAt(lastSignificant, ' '); // Python allows f(a, b,); Groovy does not
        }
        out.append(c);
        if (!Character.isWhitespace(c)) {
          lastSignificant = out.length() - 1;
        }
        i++;
      }
    }
    return out.toString();
  }

  private static int count(String s, int from, int to) {
    int lines = 0;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '\n') {
        lines++;
      }
    }
    return lines;
  }

  /**
   * Reads the Python string literal opening at {@code at}, writes it as a Groovy single-quoted
   * string (no interpolation) followed by the line breaks it spanned, and returns where it ends.
   */
  private static int string(String s, int at, boolean raw, StringBuilder out, String file, int line)
      throws ZoneLoadException {
    char q = s.charAt(at);
    boolean triple = s.startsWith(String.valueOf(q).repeat(3), at);
    String close = triple ? String.valueOf(q).repeat(3) : String.valueOf(q);
    int i = at + close.length();
    StringBuilder value = new StringBuilder();
    int breaks = 0;
    while (true) {
      if (i >= s.length() || (!triple && s.charAt(i) == '\n')) {
        throw new ZoneLoadException(file + ":" + line, "a string that does not end");
      }
      if (s.startsWith(close, i)) {
        i += close.length();
        break;
      }
      char c = s.charAt(i);
      if (c == '\n') {
        breaks++;
      }
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(i + 1);
        if (raw) {
          value.append(c).append(e);
          breaks += e == '\n' ? 1 : 0;
          i += 2;
          continue;
        }
        int[] consumed = {2};
        String decoded = escape(s, i, consumed);
        if (decoded == null) {
          throw new ZoneLoadException(file + ":" + line, "an escape this loader does not read: " + s.substring(i, i + 2));
        }
        breaks += e == '\n' ? 1 : 0;
        value.append(decoded);
        i += consumed[0];
        continue;
      }
      value.append(c);
      i++;
    }
    out.append('\'');
    value.chars().forEach(c -> {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.append((char) c);
          }
        }
      }
    });
    out.append('\'').append("\n".repeat(breaks));
    return i;
  }

  private static String escape(String s, int at, int[] consumed) {
    char e = s.charAt(at + 1);
    switch (e) {
      case '\n':
        return "";
      case '\\', '\'', '"':
        return String.valueOf(e);
      case 'n':
        return "\n";
      case 't':
        return "\t";
      case 'r':
        return "\r";
      case 'a':
        return "\u0007";
      case 'b':
        return "\b";
      case 'f':
        return "\f";
      case 'v':
        return "\u000b";
      case 'x', 'u', 'U': {
        int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (at + 2 + len > s.length() || !s.substring(at + 2, at + 2 + len).matches("[0-9a-fA-F]+")) {
          return null;
        }
        consumed[0] = 2 + len;
        return new String(Character.toChars(Integer.parseInt(s.substring(at + 2, at + 2 + len), 16)));
      }
      default:
        if (e >= '0' && e <= '7') {
          int j = at + 1;
          while (j < s.length() && j < at + 4 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
            j++;
          }
          consumed[0] = j - at;
          return String.valueOf((char) Integer.parseInt(s.substring(at + 1, j), 8));
        }
        return e == 'N' ? null : "\\" + e; // Python keeps an unknown escape as written
    }
  }

  /** Fails compilation at the first thing in the file that is not part of {@code zone = [calls]}. */
  static CompilationCustomizer checker() {
    return new CompilationCustomizer(CompilePhase.CONVERSION) {
      @Override
      public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        ModuleNode module = source.getAST();
        List<ImportNode> imports = new java.util.ArrayList<>(module.getImports());
        imports.addAll(module.getStarImports());
        imports.addAll(module.getStaticImports().values());
        imports.addAll(module.getStaticStarImports().values());
        for (ImportNode i : imports) {
          fail(source, i, "an import");
        }
        if (!classNode.isScript()) {
          fail(source, classNode, "a class");
        }
        // Annotations run code as the file compiles (ASTTest), so a package line or one is no data.
        if (module.getPackage() != null) {
          fail(source, module.getPackage(), "a package");
        }
        // Only the file's own: the loader's customizers annotate the script class too (no line).
        for (AnnotationNode a : classNode.getAnnotations()) {
          if (a.getLineNumber() > 0) {
            fail(source, a, "an annotation");
          }
        }
        for (MethodNode m : classNode.getMethods()) {
          if (!m.getName().equals("run") && !m.getName().equals("main")) {
            fail(source, m, "a function");
          }
        }
        MethodNode run = classNode.getMethod("run", Parameter.EMPTY_ARRAY);
        List<Statement> statements = run != null && run.getCode() instanceof BlockStatement b ? b.getStatements() : List.of();
        int zones = 0;
        for (Statement s : statements) {
          // Not a DeclarationExpression (def zone = ...), which is a BinaryExpression that may be annotated.
          if (s instanceof ExpressionStatement es && es.getExpression() instanceof BinaryExpression b
              && b.getClass() == BinaryExpression.class && b.getOperation().getType() == Types.ASSIGN
              && b.getLeftExpression() instanceof VariableExpression v
              && v.getName().equals("zone") && b.getRightExpression() instanceof ListExpression list && zones++ == 0) {
            for (Expression e : list.getExpressions()) {
              checkCall(source, e);
            }
          } else {
            fail(source, s, s.getText());
          }
        }
        if (zones == 0) {
          fail(source, classNode, "no zone = [...]");
        }
      }
    };
  }

  private static void checkCall(SourceUnit source, Expression e) {
    // A record type's name, not any method of the script (evaluate("...") would run Groovy).
    if (!(e instanceof MethodCallExpression call) || !call.isImplicitThis() || call.getMethodAsString() == null
        || !RecordConstructors.has(call.getMethodAsString()) || !(call.getArguments() instanceof TupleExpression args)) {
      fail(source, e, e.getText());
      return;
    }
    for (Expression a : args.getExpressions()) {
      if (a instanceof MapExpression map) {
        for (MapEntryExpression entry : map.getMapEntryExpressions()) {
          if (!(entry.getKeyExpression() instanceof ConstantExpression) || !literal(entry.getValueExpression())) {
            fail(source, entry, entry.getText());
          }
        }
      } else if (!literal(a)) {
        fail(source, a, a.getText());
      }
    }
  }

  private static boolean literal(Expression e) {
    return Chunker.isLiteral(e);
  }

  private static void fail(SourceUnit source, ASTNode at, String found) {
    String what = found.length() > 60 ? found.substring(0, 57) + "..." : found;
    source.getErrorCollector().addFatalError(new SyntaxErrorMessage(
        new SyntaxException(SHAPE + "; found " + what, Math.max(at.getLineNumber(), 1), Math.max(at.getColumnNumber(), 1)),
        source));
  }
}
