package org.loomdns.zone.dsl;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.loomdns.zone.dsl.PyNode.Const;
import org.loomdns.zone.dsl.PyNode.Expr;
import org.loomdns.zone.dsl.PyNode.FString;
import org.loomdns.zone.dsl.PyNode.Field;
import org.loomdns.zone.dsl.PyTokenizer.Kind;
import org.loomdns.zone.dsl.PyTokenizer.Token;

/** String literals written side by side, and f-strings' {@code {expression!conversion:spec}} fields. */
final class PyFString {

  private PyFString() {}

  /** One expression from adjacent literals; bytes join only bytes. */
  static Expr join(List<Token> parts) {
    Token first = parts.get(0);
    boolean bytes = first.kind() == Kind.BYTES;
    if (parts.stream().anyMatch(x -> (x.kind() == Kind.BYTES) != bytes)) {
      throw new PyError(first.line(), "bytes and text strings cannot be joined by writing them side by side");
    }
    if (bytes) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      parts.forEach(x -> b.writeBytes((byte[]) x.value()));
      return new Const(b.toByteArray(), first.line());
    }
    if (parts.stream().noneMatch(x -> x.kind() == Kind.FSTRING)) {
      StringBuilder s = new StringBuilder();
      parts.forEach(x -> s.append((String) x.value()));
      return new Const(s.toString(), first.line());
    }
    List<Object> out = new ArrayList<>();
    for (Token x : parts) {
      if (x.kind() == Kind.FSTRING) {
        out.addAll(split((String) x.value(), x.line()));
      } else {
        out.add(x.value());
      }
    }
    return new FString(out, first.line());
  }

  private static List<Object> split(String text, int line) {
    List<Object> out = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if ((c == '{' || c == '}') && i + 1 < text.length() && text.charAt(i + 1) == c) {
        literal.append(c);
        i += 2;
      } else if (c == '}') {
        throw new PyError(line, "a single '}' in an f-string (write '}}')");
      } else if (c == '{') {
        int end = closing(text, i, line);
        String inside = text.substring(i + 1, end);
        String spec = "";
        int colon = topLevel(inside, ':');
        if (colon >= 0) {
          spec = inside.substring(colon + 1);
          inside = inside.substring(0, colon);
        }
        char conversion = 0;
        int bang = topLevel(inside, '!');
        if (bang >= 0 && bang + 1 < inside.length() && inside.charAt(bang + 1) != '=') {
          conversion = inside.charAt(bang + 1);
          inside = inside.substring(0, bang);
        }
        if (!literal.isEmpty()) {
          out.add(literal.toString());
          literal.setLength(0);
        }
        out.add(new Field(PyParser.expression(inside, line), conversion, spec));
        i = end + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (!literal.isEmpty()) {
      out.add(literal.toString());
    }
    return out;
  }

  private static int closing(String text, int open, int line) {
    int depth = 0;
    char quote = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '{' || c == '(' || c == '[') {
        depth++;
      } else if (c == '}' || c == ')' || c == ']') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    throw new PyError(line, "an f-string field '{' that does not close");
  }

  /** The first {@code c} outside brackets and quotes, or -1. */
  private static int topLevel(String s, char c) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char x = s.charAt(i);
      if (quote != 0) {
        quote = x == quote ? 0 : quote;
      } else if (x == '\'' || x == '"') {
        quote = x;
      } else if (x == '(' || x == '[' || x == '{') {
        depth++;
      } else if (x == ')' || x == ']' || x == '}') {
        depth--;
      } else if (x == c && depth == 0 && !(c == '!' && i + 1 < s.length() && s.charAt(i + 1) == '=')) {
        return i;
      }
    }
    return -1;
  }
}
