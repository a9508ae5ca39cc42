package org.loomdns.testkit;

import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * One reply, read as a spec reads it: the rcode's name, the header flags, each section's records
 * as one-line text ({@code "www.example.com. 3600 IN A 192.0.2.80"}) and the answer's data alone
 * ({@code "192.0.2.80"}). It prints as dig prints a reply, so a failed expectation shows all of it.
 */
public final class Reply {

  private final Message message;

  Reply(Message message) {
    this.message = message;
  }

  /** The dnsjava message, for what this class does not read. */
  public Message getMessage() {
    return message;
  }

  /** NOERROR, NXDOMAIN, SERVFAIL, REFUSED… */
  public String getRcode() {
    return Rcode.string(message.getRcode());
  }

  /** Authoritative answer. */
  public boolean isAa() {
    return message.getHeader().getFlag(Flags.AA);
  }

  /** Truncated: the answer did not fit in the UDP reply. */
  public boolean isTc() {
    return message.getHeader().getFlag(Flags.TC);
  }

  /** Recursion available. */
  public boolean isRa() {
    return message.getHeader().getFlag(Flags.RA);
  }

  /** The answer section's records, one line each, fields separated by one space. */
  public List<String> getAnswer() {
    return lines(Section.ANSWER);
  }

  /** The authority section: the SOA of a negative answer, the NS of a referral. */
  public List<String> getAuthority() {
    return lines(Section.AUTHORITY);
  }

  /** The additional section, without the OPT pseudo-record. */
  public List<String> getAdditional() {
    return lines(Section.ADDITIONAL);
  }

  /** The answer section's data alone, in presentation form: {@code ["192.0.2.80"]}. */
  public List<String> getData() {
    return message.getSection(Section.ANSWER).stream().map(Presentation::rdata).toList();
  }

  /** The answer section's TTLs, in order. */
  public List<Long> getTtls() {
    return message.getSection(Section.ANSWER).stream().map(Record::getTTL).toList();
  }

  private List<String> lines(int section) {
    return message.getSection(section).stream().filter(r -> r.getType() != org.xbill.DNS.Type.OPT)
        .map(Presentation::line).toList();
  }

  /** The reply as dig prints it. */
  @Override
  public String toString() {
    return message.toString();
  }
}
