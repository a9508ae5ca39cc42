package org.loomdns.zone.dsl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Python's tokens for a pyzone file: names, numbers, strings (with their b, r, u and f prefixes),
 * operators, and the NEWLINE, INDENT and DEDENT tokens that give statements their blocks. Line
 * breaks inside brackets and after a backslash join lines, as in Python.
 */
final class PyTokenizer {

  enum Kind { NAME, NUMBER, STRING, BYTES, FSTRING, OP, NEWLINE, INDENT, DEDENT, END }

  /** One token; {@code value} is a string's decoded text, a bytes literal's bytes, or the source text. */
  record Token(Kind kind, String text, Object value, int line) {
    boolean is(String op) {
      return (kind == Kind.OP || kind == Kind.NAME) && text.equals(op);
    }
  }

  private static final String[] OPERATORS = {
    "**=", "//=", ">>=", "<<=", "**", "//", "==", "!=", "<=", ">=", "<<", ">>", "+=", "-=", "*=", "/=",
    "%=", "&=", "|=", "^=", "->", ":=", "+", "-", "*", "/", "%", "<", ">", "=", "(", ")", "[", "]", "{",
    "}", ",", ":", ".", ";", "@", "&", "|", "^", "~",
  };

  private final String src;
  private final int n;
  private int i;
  private int line = 1;
  private int depth;
  private final Deque<Integer> indents = new ArrayDeque<>(List.of(0));
  private final List<Token> out = new ArrayList<>();

  private PyTokenizer(String src) {
    this.src = src.replace("\r\n", "\n").replace('\r', '\n');
    this.n = this.src.length();
  }

  static List<Token> tokens(String source) {
    PyTokenizer t = new PyTokenizer(source);
    t.run();
    return t.out;
  }

  private void run() {
    boolean lineStart = true;
    while (i < n) {
      if (lineStart) {
        lineStart = false;
        if (depth == 0) {
          indentation(); // lines inside brackets continue a statement and have no indentation of their own
        }
      }
      char c = src.charAt(i);
      if (c == '\n') {
        if (depth == 0 && !out.isEmpty() && out.get(out.size() - 1).kind != Kind.NEWLINE) {
          add(Kind.NEWLINE, "\n", null);
        }
        line++;
        i++;
        lineStart = true;
      } else if (c == ' ' || c == '\t' || c == '\f') {
        i++;
      } else if (c == '#') {
        while (i < n && src.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '\\' && i + 1 < n && src.charAt(i + 1) == '\n') {
        i += 2;
        line++;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(src.charAt(j)) || src.charAt(j) == '_')) {
          j++;
        }
        String word = src.substring(i, j);
        if (j < n && (src.charAt(j) == '\'' || src.charAt(j) == '"') && word.matches("(?i)[bruf]|br|rb|fr|rf")) {
          i = j;
          string(word.toLowerCase());
        } else {
          add(Kind.NAME, word, null);
          i = j;
        }
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(src.charAt(i + 1)))) {
        number();
      } else if (c == '\'' || c == '"') {
        string("");
      } else {
        operator(c);
      }
    }
    if (!out.isEmpty() && out.get(out.size() - 1).kind != Kind.NEWLINE) {
      add(Kind.NEWLINE, "\n", null);
    }
    while (indents.size() > 1) {
      indents.pop();
      add(Kind.DEDENT, "", null);
    }
    add(Kind.END, "", null);
  }

  /** Reads a line's leading blanks into INDENT and DEDENT tokens; a blank or comment line has none. */
  private void indentation() {
    int col = 0;
    int j = i;
    while (j < n && (src.charAt(j) == ' ' || src.charAt(j) == '\t')) {
      col = src.charAt(j) == '\t' ? (col / 8 + 1) * 8 : col + 1;
      j++;
    }
    if (j >= n || src.charAt(j) == '\n' || src.charAt(j) == '#') {
      return;
    }
    i = j;
    if (col > indents.peek()) {
      indents.push(col);
      add(Kind.INDENT, "", null);
    } else {
      while (col < indents.peek()) {
        indents.pop();
        add(Kind.DEDENT, "", null);
      }
      if (col != indents.peek()) {
        throw new PyError(line, "this line's indentation matches no outer block");
      }
    }
  }

  private void number() {
    int j = i;
    if (src.startsWith("0x", i) || src.startsWith("0X", i) || src.startsWith("0o", i) || src.startsWith("0O", i)
        || src.startsWith("0b", i) || src.startsWith("0B", i)) {
      j += 2;
      while (j < n && (Character.isLetterOrDigit(src.charAt(j)) || src.charAt(j) == '_')) {
        j++;
      }
      String digits = src.substring(i + 2, j).replace("_", "");
      int radix = switch (Character.toLowerCase(src.charAt(i + 1))) {
        case 'x' -> 16;
        case 'o' -> 8;
        default -> 2;
      };
      try {
        add(Kind.NUMBER, src.substring(i, j), Long.parseLong(digits, radix));
      } catch (NumberFormatException e) {
        throw new PyError(line, "'" + src.substring(i, j) + "' is not a number");
      }
      i = j;
      return;
    }
    boolean real = false;
    while (j < n) {
      char c = src.charAt(j);
      if (Character.isDigit(c) || c == '_') {
        j++;
      } else if (c == '.' || ((c == 'e' || c == 'E') && j + 1 < n
          && (Character.isDigit(src.charAt(j + 1)) || src.charAt(j + 1) == '-' || src.charAt(j + 1) == '+'))) {
        real = true;
        j += c == '.' ? 1 : 2;
      } else {
        break;
      }
    }
    String text = src.substring(i, j).replace("_", "");
    try {
      add(Kind.NUMBER, src.substring(i, j), real ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw new PyError(line, "'" + src.substring(i, j) + "' is not a number this loader reads");
    }
    i = j;
  }

  private void operator(char c) {
    if ("([{".indexOf(c) >= 0) {
      depth++;
    } else if (")]}".indexOf(c) >= 0) {
      depth = Math.max(0, depth - 1);
    }
    for (String op : OPERATORS) {
      if (src.startsWith(op, i)) {
        add(Kind.OP, op, null);
        i += op.length();
        return;
      }
    }
    throw new PyError(line, "unexpected character '" + c + "'");
  }

  private void string(String prefix) {
    int start = line;
    char q = src.charAt(i);
    String close = src.startsWith(String.valueOf(q).repeat(3), i) ? String.valueOf(q).repeat(3) : String.valueOf(q);
    boolean raw = prefix.contains("r");
    boolean bytes = prefix.contains("b");
    i += close.length();
    StringBuilder s = new StringBuilder();
    while (true) {
      if (i >= n || (close.length() == 1 && src.charAt(i) == '\n')) {
        throw new PyError(start, "a string that does not end");
      }
      if (src.startsWith(close, i)) {
        i += close.length();
        break;
      }
      char c = src.charAt(i);
      if (c == '\n') {
        line++;
      }
      if (c == '\\' && i + 1 < n && !raw) {
        i = escape(i, bytes, s);
        continue;
      }
      if (c == '\\' && i + 1 < n) {
        s.append(c).append(src.charAt(i + 1));
        line += src.charAt(i + 1) == '\n' ? 1 : 0;
        i += 2;
        continue;
      }
      if (bytes && c > 127) {
        throw new PyError(line, "bytes literals may hold only ASCII characters");
      }
      s.append(c);
      i++;
    }
    if (bytes) {
      out.add(new Token(Kind.BYTES, "b''", s.toString().getBytes(StandardCharsets.ISO_8859_1), start));
    } else {
      out.add(new Token(prefix.contains("f") ? Kind.FSTRING : Kind.STRING, "''", s.toString(), start));
    }
  }

  /** Decodes the escape at {@code at} into {@code s} (a bytes literal's as chars 0 to 255); returns where it ends. */
  private int escape(int at, boolean bytes, StringBuilder s) {
    char e = src.charAt(at + 1);
    switch (e) {
      case '\n' -> line++;
      case '\\', '\'', '"' -> s.append(e);
      case 'n' -> s.append('\n');
      case 't' -> s.append('\t');
      case 'r' -> s.append('\r');
      case 'a' -> s.append('\u0007');
      case 'b' -> s.append('\b');
      case 'f' -> s.append('\f');
      case 'v' -> s.append('\u000b');
      case 'x', 'u', 'U' -> {
        int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (bytes && e != 'x') {
          s.append('\\').append(e);
          return at + 2;
        }
        if (at + 2 + len > n || !src.substring(at + 2, at + 2 + len).matches("[0-9a-fA-F]+")) {
          throw new PyError(line, "a \\" + e + " escape needs " + len + " hex digits");
        }
        s.appendCodePoint(Integer.parseInt(src.substring(at + 2, at + 2 + len), 16));
        return at + 2 + len;
      }
      default -> {
        if (e >= '0' && e <= '7') {
          int j = at + 1;
          while (j < n && j < at + 4 && src.charAt(j) >= '0' && src.charAt(j) <= '7') {
            j++;
          }
          s.append((char) Integer.parseInt(src.substring(at + 1, j), 8));
          return j;
        }
        s.append('\\').append(e); // Python keeps an unknown escape as written
      }
    }
    return at + 2;
  }

  private void add(Kind kind, String text, Object value) {
    out.add(new Token(kind, text, value, line));
  }
}
