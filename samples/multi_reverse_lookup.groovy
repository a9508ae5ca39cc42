// Many reverse lookups at once, as Twisted Names' multi_reverse_lookup.py does them: every
// address is asked on its own virtual thread; results print in the order given.
// usage: multi_reverse_lookup.groovy [@SERVER[#PORT]] ADDRESS...
import java.util.concurrent.CompletionException
import org.loomdns.client.DnsClient
import org.xbill.DNS.PTRRecord

def argv = args as List
def dns = argv && argv[0].startsWith('@') ? DnsClient.forServer(argv.remove(0).substring(1)) : DnsClient.fromSystem()
if (!argv) {
  System.err.println 'usage: multi_reverse_lookup.groovy [@SERVER[#PORT]] ADDRESS...'
  System.exit 2
}
def lookups = argv.collectEntries { [it, dns.reverseLookupAsync(it)] }
int failed = 0
lookups.each { address, lookup ->
  try {
    println "$address: ${lookup.join().answers(PTRRecord)*.target.join(', ')}"
  } catch (CompletionException e) {
    println "$address: ${e.cause.message}"
    failed++
  }
}
System.exit(failed ? 1 : 0)
