// The first address of a name, as Twisted Names' gethostbyname.py prints it.
// usage: gethostbyname.groovy [@SERVER[#PORT]] NAME [ipv6]
// Without @SERVER the system's resolver (resolv.conf, /etc/hosts) answers.
import org.loomdns.client.DnsClient
import org.loomdns.client.DnsLookupException

def argv = args as List
def dns = argv && argv[0].startsWith('@') ? DnsClient.forServer(argv.remove(0).substring(1)) : DnsClient.fromSystem()
if (!argv) {
  System.err.println 'usage: gethostbyname.groovy [@SERVER[#PORT]] NAME [ipv6]'
  System.exit 2
}
def prefer = argv[1] == 'ipv6' ? DnsClient.Prefer.IPV6 : DnsClient.Prefer.IPV4
try {
  println dns.getHostByName(argv[0], prefer).hostAddress
} catch (DnsLookupException e) {
  System.err.println e.message
  System.exit 1
}
