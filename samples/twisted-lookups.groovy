// Each lookup of Twisted's twisted.names.client, by the same name on loomdns's DnsClient, against
// records.example (samples/pyzone/records.example, a Twisted pyzone file).
// usage: twisted-lookups.groovy @SERVER[#PORT]
import org.loomdns.client.DnsClient

if (!args || !args[0].startsWith('@')) {
  System.err.println 'usage: twisted-lookups.groovy @SERVER[#PORT]'
  System.exit 2
}
def dns = DnsClient.forServer(args[0].substring(1))
def d = 'records.example'
def show = { String call, response -> println "${call}: ${response.answer()*.rdataToString().sort().join(' | ')}" }

show 'lookupAddress', dns.lookupAddress("ns.${d}")
show 'lookupIPV6Address', dns.lookupIPV6Address("v6.${d}")
show 'lookupAddress6', dns.lookupAddress6("a6p.${d}")
show 'lookupMailExchange', dns.lookupMailExchange(d)
show 'lookupNameservers', dns.lookupNameservers(d)
show 'lookupCanonicalName', dns.lookupCanonicalName("alias.${d}")
show 'lookupPointer', dns.lookupPointer("ptr.${d}")
show 'lookupText', dns.lookupText("multi.${d}")
show 'lookupSenderPolicy', dns.lookupSenderPolicy(d)
show 'lookupAuthority', dns.lookupAuthority(d)
show 'lookupHostInfo', dns.lookupHostInfo("host.${d}")
show 'lookupMailboxInfo', dns.lookupMailboxInfo("list.${d}")
show 'lookupResponsibility', dns.lookupResponsibility(d)
show 'lookupAFSDatabase', dns.lookupAFSDatabase(d)
show 'lookupNamingAuthorityPointer', dns.lookupNamingAuthorityPointer("sip.${d}")
show 'lookupWellKnownServices', dns.lookupWellKnownServices("host.${d}")
show 'lookupMailBox', dns.lookupMailBox("mb.${d}")
show 'lookupMailGroup', dns.lookupMailGroup("mg.${d}")
show 'lookupMailRename', dns.lookupMailRename("mr.${d}")
show 'lookupNull', dns.lookupNull("null.${d}")
show 'lookupService', dns.lookupService("_sip._tcp.office.example")
println "lookupZone: ${dns.lookupZone(d).size()} records"
println "getHostByName: ${dns.getHostByName("ns.${d}").hostAddress}"
println "lookupAddressAsync: ${dns.lookupAddressAsync("ns.${d}").join().answer()*.rdataToString()}"
