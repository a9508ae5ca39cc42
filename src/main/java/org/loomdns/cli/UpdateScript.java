package org.loomdns.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.loomdns.client.DnsClient;
import org.loomdns.client.DnsLookupException;
import org.loomdns.client.UpdateBuilder;
import org.loomdns.client.UpdateResult;
import org.loomdns.client.ZoneFinder;
import org.loomdns.tsig.TsigKey;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TTL;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * nsupdate's script language, one line at a time: {@code server}, {@code local}, {@code zone},
 * {@code class}, {@code ttl}, {@code key}, {@code prereq nxdomain|yxdomain|nxrrset|yxrrset},
 * {@code update add|delete} (and the {@code add}, {@code del}, {@code delete} shorthands),
 * {@code send} (or a blank line), {@code answer}, {@code show}, {@code quit}; {@code ;} and
 * {@code #} start comments. Names are absolute, as in nsupdate. Without {@code zone}, the zone
 * (and without {@code server}, its primary) is found by an SOA query, as nsupdate finds it.
 */
final class UpdateScript {

  /** A mistake in the script, or a send that could not be made; one plain sentence. */
  static final class ScriptException extends Exception {
    private static final long serialVersionUID = 1L;

    ScriptException(String message) {
      super(message);
    }
  }

  private static final String COMMANDS = "server, local, zone, class, ttl, key, prereq, update, add, del, send,"
      + " answer, show or quit";

  private final PrintStream out;
  private final PrintStream err;
  TsigKey key;
  boolean tcp;
  Duration timeout = DnsClient.DEFAULT_TIMEOUT;
  int defaultPort = 53;
  private String server;
  private int serverPort;
  private InetSocketAddress local;
  private Name zone;
  private long defaultTtl = -1;
  private final List<Consumer<UpdateBuilder>> pending = new ArrayList<>();
  private Name firstName;
  private Message lastAnswer;
  private boolean refused;

  UpdateScript(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Whether a server refused any update sent. */
  boolean refused() {
    return refused;
  }

  /** Does one line; false after {@code quit}. */
  boolean line(String raw) throws ScriptException {
    String text = raw.strip();
    if (text.isEmpty()) {
      // nsupdate sends what has been gathered at a blank line.
      if (!pending.isEmpty()) {
        send();
      }
      return true;
    }
    if (text.startsWith(";") || text.startsWith("#")) {
      return true;
    }
    Words w = new Words(text);
    String command = w.next().toLowerCase(Locale.ROOT);
    try {
      switch (command) {
        case "server" -> {
          server = address(w.required("server needs an address"), "server");
          serverPort = w.hasMore() ? port(w.next()) : 0;
        }
        case "local" -> {
          String a = address(w.required("local needs an address"), "local");
          local = new InetSocketAddress(InetAddress.getByName(a), w.hasMore() ? port(w.next()) : 0);
        }
        case "zone" -> zone = name(w.required("zone needs a name"));
        case "class" -> dclass(w.required("class needs a class"));
        case "ttl" -> defaultTtl = ttl(w.required("ttl needs a number of seconds"));
        case "key" -> {
          String name = w.required("key needs [ALG:]NAME and SECRET");
          key = TsigKey.parse(name + ":" + w.required("key needs a SECRET after the name"));
        }
        case "prereq" -> prereq(w);
        case "update" -> {
          String what = w.required("update needs add or delete").toLowerCase(Locale.ROOT);
          switch (what) {
            case "add" -> add(w);
            case "del", "delete" -> delete(w);
            default -> throw new ScriptException("update takes add or delete, not " + what);
          }
        }
        case "add" -> add(w);
        case "del", "delete" -> delete(w);
        case "send" -> send();
        case "answer" -> {
          if (lastAnswer != null) {
            out.println("Answer:");
            out.println(lastAnswer);
          }
        }
        case "show" -> show();
        case "quit" -> {
          return false;
        }
        case "debug", "realm", "gsstsig", "oldgsstsig", "check-names", "check-svcb", "lifetime" ->
            throw new ScriptException(command + " is not supported by loomdns update");
        default -> throw new ScriptException("unknown command " + command + " (" + COMMANDS + ")");
      }
      w.end(command);
    } catch (IllegalArgumentException | IOException e) {
      throw new ScriptException(e.getMessage());
    }
    return true;
  }

  private void prereq(Words w) throws ScriptException, IOException {
    String kind = w.required("prereq needs nxdomain, yxdomain, nxrrset or yxrrset").toLowerCase(Locale.ROOT);
    Name owner = name(w.required("prereq " + kind + " needs a name"));
    switch (kind) {
      case "nxdomain" -> gather(owner, u -> u.requireNameNotInUse(owner.toString()));
      case "yxdomain" -> gather(owner, u -> u.requireNameInUse(owner.toString()));
      case "nxrrset", "yxrrset" -> {
        int type = typeAfterClass(w, w.required("prereq " + kind + " needs a type after the name"));
        String data = w.rest();
        if (kind.equals("nxrrset")) {
          if (!data.isEmpty()) {
            throw new ScriptException("prereq nxrrset takes no data, only a name and a type");
          }
          gather(owner, u -> u.requireRRsetNotExists(owner.toString(), type));
        } else if (data.isEmpty()) {
          gather(owner, u -> u.requireRRsetExists(owner.toString(), type));
        } else {
          Record r = record(owner, type, 0, data);
          gather(owner, u -> u.requireRRset(r));
        }
      }
      default -> throw new ScriptException("prereq takes nxdomain, yxdomain, nxrrset or yxrrset, not " + kind);
    }
  }

  private void add(Words w) throws ScriptException, IOException {
    Name owner = name(w.required("add needs a name, a TTL, a type and data"));
    String next = w.required("add needs a TTL, a type and data after the name");
    long ttl = defaultTtl;
    if (Type.value(next) < 0 && DClass.value(next) < 0) {
      ttl = ttl(next);
      next = w.required("add needs a type and data after the TTL");
    } else if (ttl < 0) {
      throw new ScriptException("add needs a TTL before the type (or a default set with ttl)");
    }
    int type = typeAfterClass(w, next);
    String data = w.rest();
    if (data.isEmpty()) {
      throw new ScriptException("add needs the record's data after the type");
    }
    Record r = record(owner, type, ttl, data);
    gather(owner, u -> u.add(r));
  }

  private void delete(Words w) throws ScriptException, IOException {
    Name owner = name(w.required("delete needs a name"));
    if (!w.hasMore()) {
      gather(owner, u -> u.deleteName(owner.toString()));
      return;
    }
    String next = w.next();
    if (Type.value(next) < 0 && DClass.value(next) < 0) {
      ttl(next); // nsupdate allows a TTL here and ignores it
      next = w.required("delete needs a type after the TTL");
    }
    int type = typeAfterClass(w, next);
    String data = w.rest();
    if (data.isEmpty()) {
      gather(owner, u -> u.deleteRRset(owner.toString(), type));
    } else {
      Record r = record(owner, type, 0, data);
      gather(owner, u -> u.delete(r));
    }
  }

  private void gather(Name owner, Consumer<UpdateBuilder> change) {
    if (pending.isEmpty()) {
      firstName = owner;
    }
    pending.add(change);
  }

  private void send() throws ScriptException {
    if (pending.isEmpty()) {
      return;
    }
    try {
      Name target = zone;
      InetSocketAddress to = server == null ? null : new InetSocketAddress(InetAddress.getByName(server),
          serverPort == 0 ? defaultPort : serverPort);
      if (target == null || to == null) {
        DnsClient asker = to == null ? DnsClient.fromSystem()
            : DnsClient.builder().server(to).timeout(timeout).recursionDesired(false).build();
        ZoneFinder found = ZoneFinder.find(asker, (target == null ? firstName : target).toString());
        target = target == null ? found.zone() : target;
        if (to == null) {
          to = new InetSocketAddress(asker.getHostByName(found.primary().toString()), defaultPort);
        }
      }
      UpdateBuilder u = DnsClient.builder().server(to).timeout(timeout).build().update(target.toString())
          .tcp(tcp).localAddress(local);
      if (key != null) {
        u.key(key);
      }
      pending.forEach(p -> p.accept(u));
      pending.clear();
      UpdateResult r = u.send();
      lastAnswer = r.reply();
      if (!r.succeeded()) {
        err.println("update failed: " + r.describe());
        refused = true;
      }
    } catch (DnsLookupException e) {
      pending.clear();
      throw new ScriptException("the update was not sent: " + e.getMessage());
    } catch (IOException e) {
      pending.clear();
      throw new ScriptException("the update was not sent: " + e.getMessage());
    }
  }

  private void show() {
    UpdateBuilder u = DnsClient.builder().server("127.0.0.1", defaultPort).build()
        .update(zone == null ? "." : zone.toString());
    pending.forEach(p -> p.accept(u));
    Message m = u.message();
    if (zone == null) {
      // nsupdate shows an empty zone section until the zone is known.
      m.removeAllRecords(Section.ZONE);
    }
    out.println("Outgoing update query:");
    out.println(m);
  }

  private static String address(String text, String command) throws ScriptException {
    if (!text.matches("[0-9a-fA-F:.]+") || !(text.contains(".") || text.contains(":"))) {
      throw new ScriptException(command + " takes an IP address, not " + text);
    }
    return text;
  }

  private static int port(String text) throws ScriptException {
    if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
      throw new ScriptException("a port is a number from 1 to 65535, not " + text);
    }
    return Integer.parseInt(text);
  }

  private static Name name(String text) throws ScriptException {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new ScriptException(text + " is not a domain name (" + e.getMessage() + ")");
    }
  }

  private static Record record(Name owner, int type, long ttl, String data) throws ScriptException {
    try {
      return Record.fromString(owner, type, DClass.IN, ttl, data, Name.root);
    } catch (IOException e) {
      // dnsjava's tokenizer names its input "<none>:1:"; the line number is ours to give.
      String why = String.valueOf(e.getMessage()).replaceFirst("^<none>:\\d+: ", "");
      throw new ScriptException("bad " + Type.string(type) + " data for " + owner + " (" + why + ")");
    }
  }

  private static long ttl(String text) throws ScriptException {
    try {
      return TTL.parseTTL(text);
    } catch (NumberFormatException e) {
      throw new ScriptException(text + " is not a TTL");
    }
  }

  private static void dclass(String text) throws ScriptException {
    if (DClass.value(text) != DClass.IN) {
      throw new ScriptException("only class IN is supported, not " + text);
    }
  }

  /** The type, after an optional class IN; {@code word} is the first of them, read already. */
  private static int typeAfterClass(Words w, String word) throws ScriptException {
    if (DClass.value(word) >= 0) {
      dclass(word);
      return typeAfterClass(w, w.required("a type must follow the class " + word));
    }
    int type = Type.value(word);
    if (type < 0) {
      throw new ScriptException(word + " is not a record type");
    }
    return type;
  }

  /** The words of one line, and the rest of it as it was written (record data may hold quotes). */
  private static final class Words {
    private String rest;

    Words(String line) {
      this.rest = line;
    }

    boolean hasMore() {
      return !rest.isEmpty();
    }

    String next() {
      String[] parts = rest.split("\\s+", 2);
      rest = parts.length > 1 ? parts[1].strip() : "";
      return parts[0];
    }

    String required(String error) throws ScriptException {
      if (rest.isEmpty()) {
        throw new ScriptException(error);
      }
      return next();
    }

    String rest() {
      String r = rest;
      rest = "";
      return r;
    }

    void end(String command) throws ScriptException {
      if (!rest.isEmpty()) {
        throw new ScriptException(command + " has more words than it takes: " + rest);
      }
    }
  }
}
