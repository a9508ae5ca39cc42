// The mail exchangers of a domain, most preferred first.
// usage: mx.groovy [@SERVER[#PORT]] DOMAIN
import org.loomdns.client.DnsClient
import org.loomdns.client.DnsLookupException
import org.xbill.DNS.MXRecord

def argv = args as List
def dns = argv && argv[0].startsWith('@') ? DnsClient.forServer(argv.remove(0).substring(1)) : DnsClient.fromSystem()
if (!argv) {
  System.err.println 'usage: mx.groovy [@SERVER[#PORT]] DOMAIN'
  System.exit 2
}
try {
  def mx = dns.lookupMailExchange(argv[0]).answers(MXRecord).sort(false) { it.priority }
  if (!mx) {
    println "${argv[0]} has no MX records"
  }
  mx.each { println "${it.priority} ${it.target}" }
} catch (DnsLookupException e) {
  System.err.println e.message
  System.exit 1
}
