// The seeds' custom server (Twisted Names' howto "Creating a custom server"), built in code with
// loomdns's embedding API: a resolver of our own answers workstationN.example.com A with 172.0.2.N
// (N up to 255, else NXDOMAIN), the zone file given answers for its zone (the chain asks it
// first, so it should not be example.com), and every other name is REFUSED. Port 0 takes a free one; the server says which, and stops on Ctrl-C or SIGTERM.
// usage: custom-server.groovy PORT [ZONEFILE]
import org.loomdns.authority.AuthorityResolver
import org.loomdns.authority.ZoneCatalog
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Resolver
import org.loomdns.chain.ResolverChain
import org.loomdns.server.DnsServer
import org.loomdns.server.ServerConfig
import org.loomdns.zone.ZoneFormat
import java.nio.file.Path
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.Rcode
import org.xbill.DNS.Type

if (!args) {
  System.err.println 'usage: custom-server.groovy PORT [ZONEFILE]'
  System.exit 2
}

class Workstations implements Resolver {
  String name() { 'workstations' }

  Outcome resolve(Query q) {
    def m = q.name().toString().toLowerCase() =~ /^workstation(\d+)\.example\.com\.$/
    if (q.type() != Type.A || !m.matches()) {
      return Outcome.PASS
    }
    int n = m.group(1) as int
    n > 255 ? Outcome.Answer.failure(Rcode.NXDOMAIN)
        : new Outcome.Answer(Rcode.NOERROR, false,
            [new ARecord(q.name(), DClass.IN, 0, InetAddress.getByName("172.0.2.$n"))], [], [])
  }
}

def chain = ResolverChain.builder().dynamic(new Workstations())
if (args.length > 1) {
  def zones = new ZoneCatalog([new ZoneCatalog.Source(Path.of(args[1]), ZoneFormat.BIND)]).loadAll()
  chain.authority(new AuthorityResolver(zones, []))
}
def config = ServerConfig.defaults([InetAddress.getByName('127.0.0.1')], args[0] as int)
def server = new DnsServer(config, chain.build(), 'custom-server').start()
println "listening on 127.0.0.1#${server.port()}"
addShutdownHook { server.close() }
Thread.currentThread().join()
