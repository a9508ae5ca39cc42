package org.loomdns.dnsjava;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Message;

/**
 * A message whose section is an array-backed list. dnsjava's {@code addRecord} starts an empty
 * section as a LinkedList, and its {@code toWire} reads each section by index: a message of a
 * few hundred records, as a zone transfer sends, is then quadratic to write. The section array
 * is private; without it, the message is left as dnsjava makes it.
 */
public final class MessageSections {

  /** Null when this dnsjava lacks the field; {@link #arrayBacked} then does nothing. */
  private static final VarHandle SECTIONS = sections();

  private MessageSections() {}

  /** Whether the field was found; false means every message keeps dnsjava's lists. */
  public static boolean fast() {
    return SECTIONS != null;
  }

  /**
   * Makes {@code section} of {@code m}, while it is still empty, an ArrayList of {@code capacity}
   * to which {@link Message#addRecord} then adds. Returns {@code m}.
   */
  public static Message arrayBacked(Message m, int section, int capacity) {
    if (SECTIONS == null) {
      return m;
    }
    try {
      List<?>[] lists = (List<?>[]) SECTIONS.get(m);
      if (lists[section] == null || lists[section].isEmpty()) {
        lists[section] = new ArrayList<>(capacity);
      }
    } catch (RuntimeException e) {
      return m; // A field of another shape: dnsjava's own lists serve, slower.
    }
    return m;
  }

  private static VarHandle sections() {
    try {
      return MethodHandles.privateLookupIn(Message.class, MethodHandles.lookup())
          .findVarHandle(Message.class, "sections", List[].class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
