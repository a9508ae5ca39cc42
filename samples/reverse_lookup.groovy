// The names of an address (PTR), as Twisted Names' reverse_lookup.py prints them.
// usage: reverse_lookup.groovy [@SERVER[#PORT]] ADDRESS
import org.loomdns.client.DnsClient
import org.loomdns.client.DnsLookupException
import org.xbill.DNS.PTRRecord

def argv = args as List
def dns = argv && argv[0].startsWith('@') ? DnsClient.forServer(argv.remove(0).substring(1)) : DnsClient.fromSystem()
if (!argv) {
  System.err.println 'usage: reverse_lookup.groovy [@SERVER[#PORT]] ADDRESS'
  System.exit 2
}
try {
  def r = dns.reverseLookup(argv[0])
  r.answers(PTRRecord).each { println "${r.question().name} IN PTR ${it.target}" }
} catch (DnsLookupException | IllegalArgumentException e) {
  System.err.println e.message
  System.exit 1
}
