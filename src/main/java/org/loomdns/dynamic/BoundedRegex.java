package org.loomdns.dynamic;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.groovy.runtime.FormatHelper;
import org.codehaus.groovy.runtime.RegexSupport;

/**
 * What {@code =~} and {@code ==~} in a rule file call instead of Groovy's own ({@link RegexOperators}
 * rewrites them): the same results, a real {@link Matcher}, but the text is read through a
 * {@link CharSequence} that throws once the thread is interrupted. java.util.regex reads the text
 * with charAt at every step, so a backtracking match stops at the rule's deadline like its loops do.
 */
public final class BoundedRegex {

  private BoundedRegex() {}

  /** {@code left =~ right}, as Groovy's InvokerHelper.findRegex. */
  public static Matcher find(Object left, Object right) {
    return pattern(right).matcher(new Interruptible(FormatHelper.toString(left)));
  }

  /** {@code left ==~ right}, as Groovy's InvokerHelper.matchRegex. */
  public static boolean matches(Object left, Object right) {
    if (left == null || right == null) {
      return false;
    }
    Matcher m = pattern(right).matcher(new Interruptible(FormatHelper.toString(left)));
    RegexSupport.setLastMatcher(m);
    return m.matches();
  }

  private static Pattern pattern(Object regex) {
    return regex instanceof Pattern p ? p : Pattern.compile(FormatHelper.toString(regex));
  }

  /** A string whose every read checks the thread's interrupt, without clearing it. */
  private record Interruptible(String text) implements CharSequence {

    @Override
    public char charAt(int index) {
      if (Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException("regex match interrupted: the rule ran out of time");
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.substring(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
