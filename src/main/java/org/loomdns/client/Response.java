package org.loomdns.client;

import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A reply to one question: the three sections, the server that gave it, and the whole message.
 * An empty answer with NOERROR means the name exists but has no data of that type.
 *
 * @param question the question asked
 * @param server the server that answered, as {@code address#port}
 * @param message the reply as dnsjava parsed it, header and all
 * @param answer the answer section
 * @param authority the authority section
 * @param additional the additional section (without the OPT pseudo-record)
 */
public record Response(
    Record question,
    String server,
    Message message,
    List<Record> answer,
    List<Record> authority,
    List<Record> additional) {

  public Response {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
  }

  static Response of(Record question, String server, Message message) {
    return new Response(question, server, message,
        message.getSection(Section.ANSWER),
        message.getSection(Section.AUTHORITY),
        message.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() != Type.OPT).toList());
  }

  /** The answer records of one kind, e.g. {@code answers(MXRecord.class)}. */
  public <T extends Record> List<T> answers(Class<T> kind) {
    return answer.stream().filter(kind::isInstance).map(kind::cast).toList();
  }
}
