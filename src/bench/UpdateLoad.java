import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.loomdns.client.DnsClient;
import org.loomdns.client.UpdateResult;
import org.loomdns.tsig.TsigKey;
import org.xbill.DNS.Type;

/**
 * The update benchmark's load: signed updates through loomdns's client, each adding one A record
 * at a new name, from CLIENTS virtual threads that each send their share one after another. WARMUP
 * updates go first, one at a time and untimed, so that the JIT has compiled the client's path.
 *
 *   java -cp target/loomdns.jar src/bench/UpdateLoad.java PORT ZONE KEY COUNT CLIENTS PREFIX SECONDS WARMUP [RATE]
 *
 * RATE, when given and above 0, paces the load to that many updates a second in all (a steady
 * stream, as when queries are measured while updates come in). Stops after COUNT updates or
 * SECONDS, whichever comes first. Prints one line:
 * {@code made N refused N failed N seconds S}.
 */
public class UpdateLoad {
  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    String zone = a[1];
    TsigKey key = TsigKey.parse(a[2]);
    int count = Integer.parseInt(a[3]);
    int clients = Integer.parseInt(a[4]);
    String prefix = a[5];
    long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(a[6])).toNanos();
    DnsClient client = DnsClient.builder().server("127.0.0.1", port).timeout(Duration.ofSeconds(5)).tries(1).build();
    for (int i = 0; i < Integer.parseInt(a[7]) && System.nanoTime() < deadline; i++) {
      client.update(zone).key(key).add(prefix + "-warm-" + i, 300, Type.A, "192.0.2.1").send();
    }
    double rate = a.length > 8 ? Double.parseDouble(a[8]) : 0;
    AtomicInteger made = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int first = c * (count / clients);
      int last = c == clients - 1 ? count : first + count / clients;
      threads.add(Thread.ofVirtual().start(() -> {
        for (int i = first; i < last && System.nanoTime() < deadline; i++) {
          try {
            if (rate > 0) {
              long due = start + (long) ((i - first) * clients * 1e9 / rate);
              Thread.sleep(Duration.ofNanos(Math.max(0, due - System.nanoTime())));
            }
            UpdateResult r = client.update(zone).key(key)
                .add(prefix + "-" + i, 300, Type.A, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255))
                .send();
            (r.succeeded() ? made : refused).incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("made %d refused %d failed %d seconds %.3f%n", made.get(), refused.get(), failed.get(), seconds);
  }
}
