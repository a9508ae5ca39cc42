package org.loomdns.querylog;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.loomdns.chain.Transport;
import org.loomdns.net.Addresses;
import org.loomdns.server.QueryObserver;
import org.loomdns.stats.Drops;
import org.loomdns.units.OutputFile;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * {@code --query-log FILE}: one JSON object per line and query, written by its own thread:
 * <pre>{"time":"2026-12-05T15:30:00.123456Z","client":"127.0.0.1","port":40000,"transport":"udp",
 * "name":"www.example.com.","type":"A","rcode":"NOERROR","stage":"authority","us":41,"size":64}</pre>
 * A dropped query has rcode {@code "none"} and size 0; a query too broken to have a question has
 * name and type null. When the file would grow past {@code maxBytes} it is renamed FILE.1 (FILE.1
 * to FILE.2 and so on, the oldest beyond {@code keep} deleted) and a new FILE is begun.
 */
public final class QueryLog implements QueryObserver, AutoCloseable {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final Spool spool;

  private QueryLog(Path file, long maxBytes, int keep, int queueEntries, long queueBytes, Drops drops) {
    this.spool = new Spool("query log", new JsonLines(file, maxBytes, keep), queueEntries, queueBytes, drops,
        Drops.Kind.QUERY_LOG_BEHIND);
  }

  /**
   * Logs to {@code file}, kept under {@code maxBytes} and {@code keep} older files; counts the
   * lines it had to drop into {@code drops}. The directory must exist and be writable.
   */
  public static QueryLog open(Path file, long maxBytes, int keep, Drops drops) {
    return open(file, maxBytes, keep, Spool.DEFAULT_ENTRIES, Spool.DEFAULT_BYTES, drops);
  }

  static QueryLog open(Path file, long maxBytes, int keep, int queueEntries, long queueBytes, Drops drops) {
    if (maxBytes < 4096 || keep < 1) {
      throw new IllegalArgumentException("--query-log-size must be at least 4k and --query-log-keep at least 1");
    }
    OutputFile.check(file, "--query-log");
    return new QueryLog(file, maxBytes, keep, queueEntries, queueBytes, drops);
  }

  @Override
  public void answered(byte[] query, byte[] reply, int rcode, InetSocketAddress client, Transport transport,
      String stage, long nanos) {
    spool.offer(Logged.now(query, reply, false, rcode, client, transport, stage, nanos));
  }

  @Override
  public void close() {
    spool.close();
  }

  /** The file, its generator, and its rotation. */
  private static final class JsonLines implements Spool.Writer {
    private final Path file;
    private final long maxBytes;
    private final int keep;
    private CountingStream counted;
    private JsonGenerator json;

    JsonLines(Path file, long maxBytes, int keep) {
      this.file = file;
      this.maxBytes = maxBytes;
      this.keep = keep;
    }

    @Override
    public void open() throws IOException {
      OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
      counted = new CountingStream(new BufferedOutputStream(out, 64 * 1024), Files.size(file));
      json = JSON.createGenerator(counted, JsonEncoding.UTF8);
      json.setRootValueSeparator(null); // each line ends in its own newline
    }

    @Override
    public void write(Logged q) throws IOException {
      json.writeStartObject();
      json.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(
          Instant.ofEpochSecond(0, q.epochNanos()).truncatedTo(ChronoUnit.MICROS)));
      json.writeStringField("client", Addresses.text(q.client().getAddress()));
      json.writeNumberField("port", q.client().getPort());
      json.writeStringField("transport", q.transport().toString());
      Question question = Question.of(q.query());
      json.writeStringField("name", question == null ? null : question.name);
      json.writeStringField("type", question == null ? null : question.type);
      json.writeStringField("rcode", q.rcode() < 0 ? "none" : Rcode.string(q.rcode()));
      json.writeStringField("stage", q.stage());
      json.writeNumberField("us", q.nanos() / 1000);
      json.writeNumberField("size", q.replySize());
      json.writeEndObject();
      json.writeRaw('\n');
      if (counted.written() >= maxBytes) {
        rotate();
      }
    }

    @Override
    public void flush() throws IOException {
      json.flush();
    }

    /** FILE.(keep-1) to FILE.keep, ..., FILE to FILE.1; then a new FILE. */
    private void rotate() throws IOException {
      json.close();
      for (int i = keep - 1; i >= 1; i--) {
        Path older = sibling(i);
        if (Files.exists(older)) {
          Files.move(older, sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.move(file, sibling(1), StandardCopyOption.REPLACE_EXISTING);
      open();
    }

    private Path sibling(int n) {
      return file.resolveSibling(file.getFileName() + "." + n);
    }

    @Override
    public void close() {
      try {
        if (json != null) {
          json.close();
        }
      } catch (IOException ignored) {
        // closing after a failed write: nothing more to save
      }
      json = null;
    }
  }

  /** The question's name and type, read off the query's bytes; null when it has none that parses. */
  private record Question(String name, String type) {
    static Question of(byte[] query) {
      if (query.length < 12 || ((query[4] & 0xff) << 8 | (query[5] & 0xff)) == 0) {
        return null;
      }
      DNSInput in = new DNSInput(query);
      in.jump(12);
      try {
        Name name = new Name(in);
        return new Question(name.toString(), Type.string(in.readU16()));
      } catch (WireParseException e) {
        return null;
      }
    }
  }

  /** Counts the bytes written, so rotation needs no stat of the file per line. */
  private static final class CountingStream extends java.io.FilterOutputStream {
    private long written;

    CountingStream(OutputStream out, long already) {
      super(out);
      this.written = already;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      written += len;
    }

    long written() {
      return written;
    }
  }
}
