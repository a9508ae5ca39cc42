package org.loomdns.zone.dsl;

import java.util.List;
import java.util.regex.Pattern;
import org.loomdns.zone.ZoneLoadException;
import org.loomdns.zone.dsl.PyNode.Stmt;

/**
 * Twisted Names pyzone files, whatever their name: the file is parsed and run as the Python
 * it is ({@link PyParser}, {@link PyEvaluator}), never translated into Groovy, so it can do no
 * more than compute values and call record constructors. Its {@code zone} list is the zone.
 */
final class PyZone {

  /** What marks a file that does not parse as Python as meant to be Python: a # comment, an import, a block's colon. */
  private static final Pattern PYTHONIC = Pattern.compile(
      "(?m)^\\s*(#|from\\s+twisted|import\\s+\\w|(for|if|def|while)\\b.*:\\s*(#.*)?$)");

  private static final Pattern ZONE = Pattern.compile("(?m)^zone\\s*(=|\\+=)");

  /** What only Groovy has: // comments, closures, named arguments written name: value, def. */
  private static final Pattern GROOVY = Pattern.compile("(?m)(^\\s*//|\\{\\s*(\\w+\\s*->|zone\\b)|[(,]\\s*\\w+\\s*:\\s*['\"\\d]|^\\s*def\\s+\\w+\\s*=)");

  /** What the file defined: its zone list and, when it set one, its ttl. */
  record Result(Object zone, boolean hasTtl, Object ttl) {}

  private PyZone() {}

  /** The file as Python, or null when it is not Python this loader reads. */
  static List<Stmt> parse(String text) {
    try {
      return PyParser.parse(text);
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    }
  }

  static boolean assignsZone(String text) {
    return ZONE.matcher(text).find();
  }

  static boolean looksLikeGroovy(String text) {
    return GROOVY.matcher(text).find();
  }

  static boolean looksLikePython(String text) {
    return PYTHONIC.matcher(text).find();
  }

  /** The Python parser's complaint about {@code text}, as the loader reports it. */
  static ZoneLoadException syntaxError(String text, String file) {
    try {
      PyParser.parse(text);
      return new ZoneLoadException(file, "is not a zone file");
    } catch (PyError e) {
      return error(e, file);
    } catch (RuntimeException | StackOverflowError e) {
      return new ZoneLoadException(file, "cannot be read as Python (" + e.getClass().getSimpleName() + ")");
    }
  }

  static ZoneLoadException error(PyError e, String file) {
    return new ZoneLoadException(e.line() > 0 ? file + ":" + e.line() : file, e.getMessage());
  }

  static Result run(List<Stmt> program, PyRecords records, String file, long timeLimitSeconds) throws ZoneLoadException {
    PyEvaluator ev = new PyEvaluator(records, timeLimitSeconds);
    PyValues.startLoad();
    try {
      ev.run(program);
    } catch (PyError e) {
      throw error(e, file);
    } catch (StackOverflowError e) {
      throw new ZoneLoadException(file, "expressions or calls nested too deeply");
    } finally {
      PyValues.endLoad();
    }
    if (!ev.top.vars.containsKey("zone")) {
      throw new ZoneLoadException(file, "defines no zone (Twisted's pyzone files assign zone = [...])");
    }
    Object zone = ev.top.vars.get("zone");
    if (zone instanceof PyValues.Tuple t) {
      zone = t.items();
    }
    return new Result(zone, ev.top.vars.containsKey("ttl"), ev.top.vars.get("ttl"));
  }
}
