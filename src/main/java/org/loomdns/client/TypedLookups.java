package org.loomdns.client;

import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Type;

/**
 * One lookup per record type, each blocking and as a future, with the names and meanings of
 * Twisted's {@code IResolver} ({@code lookupAddress}, {@code lookupMailExchange}, …
 * {@code lookupAllRecords}); all are {@link #query} with a type. {@link DnsClient} implements it.
 */
public interface TypedLookups {

  /** Any type, class IN; {@code type} is a {@link Type} constant such as {@code Type.MX}. */
  Response query(String name, int type) throws DnsLookupException;

  /** {@link #query} as a future, completed on a virtual thread. */
  CompletableFuture<Response> queryAsync(String name, int type);

  /** A records. */
  default Response lookupAddress(String name) throws DnsLookupException {
    return query(name, Type.A);
  }

  /** {@link #lookupAddress} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupAddressAsync(String name) {
    return queryAsync(name, Type.A);
  }

  /** AAAA records. */
  default Response lookupIPV6Address(String name) throws DnsLookupException {
    return query(name, Type.AAAA);
  }

  /** {@link #lookupIPV6Address} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupIPV6AddressAsync(String name) {
    return queryAsync(name, Type.AAAA);
  }

  /** A6 records (obsolete, RFC 6563; kept for Twisted code). */
  default Response lookupAddress6(String name) throws DnsLookupException {
    return query(name, Type.A6);
  }

  /** {@link #lookupAddress6} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupAddress6Async(String name) {
    return queryAsync(name, Type.A6);
  }

  /** MX records. */
  default Response lookupMailExchange(String name) throws DnsLookupException {
    return query(name, Type.MX);
  }

  /** {@link #lookupMailExchange} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupMailExchangeAsync(String name) {
    return queryAsync(name, Type.MX);
  }

  /** NS records. */
  default Response lookupNameservers(String name) throws DnsLookupException {
    return query(name, Type.NS);
  }

  /** {@link #lookupNameservers} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupNameserversAsync(String name) {
    return queryAsync(name, Type.NS);
  }

  /** CNAME records. */
  default Response lookupCanonicalName(String name) throws DnsLookupException {
    return query(name, Type.CNAME);
  }

  /** {@link #lookupCanonicalName} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupCanonicalNameAsync(String name) {
    return queryAsync(name, Type.CNAME);
  }

  /** MB records. */
  default Response lookupMailBox(String name) throws DnsLookupException {
    return query(name, Type.MB);
  }

  /** {@link #lookupMailBox} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupMailBoxAsync(String name) {
    return queryAsync(name, Type.MB);
  }

  /** MG records. */
  default Response lookupMailGroup(String name) throws DnsLookupException {
    return query(name, Type.MG);
  }

  /** {@link #lookupMailGroup} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupMailGroupAsync(String name) {
    return queryAsync(name, Type.MG);
  }

  /** MR records. */
  default Response lookupMailRename(String name) throws DnsLookupException {
    return query(name, Type.MR);
  }

  /** {@link #lookupMailRename} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupMailRenameAsync(String name) {
    return queryAsync(name, Type.MR);
  }

  /** PTR records of a name such as {@code 80.2.0.192.in-addr.arpa}; see {@link DnsClient#reverseLookup}. */
  default Response lookupPointer(String name) throws DnsLookupException {
    return query(name, Type.PTR);
  }

  /** {@link #lookupPointer} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupPointerAsync(String name) {
    return queryAsync(name, Type.PTR);
  }

  /** The SOA record. */
  default Response lookupAuthority(String name) throws DnsLookupException {
    return query(name, Type.SOA);
  }

  /** {@link #lookupAuthority} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupAuthorityAsync(String name) {
    return queryAsync(name, Type.SOA);
  }

  /** NULL records. */
  default Response lookupNull(String name) throws DnsLookupException {
    return query(name, Type.NULL);
  }

  /** {@link #lookupNull} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupNullAsync(String name) {
    return queryAsync(name, Type.NULL);
  }

  /** WKS records. */
  default Response lookupWellKnownServices(String name) throws DnsLookupException {
    return query(name, Type.WKS);
  }

  /** {@link #lookupWellKnownServices} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupWellKnownServicesAsync(String name) {
    return queryAsync(name, Type.WKS);
  }

  /** SRV records of a name such as {@code _sip._udp.example.com}. */
  default Response lookupService(String name) throws DnsLookupException {
    return query(name, Type.SRV);
  }

  /** {@link #lookupService} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupServiceAsync(String name) {
    return queryAsync(name, Type.SRV);
  }

  /** HINFO records. */
  default Response lookupHostInfo(String name) throws DnsLookupException {
    return query(name, Type.HINFO);
  }

  /** {@link #lookupHostInfo} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupHostInfoAsync(String name) {
    return queryAsync(name, Type.HINFO);
  }

  /** MINFO records. */
  default Response lookupMailboxInfo(String name) throws DnsLookupException {
    return query(name, Type.MINFO);
  }

  /** {@link #lookupMailboxInfo} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupMailboxInfoAsync(String name) {
    return queryAsync(name, Type.MINFO);
  }

  /** TXT records. */
  default Response lookupText(String name) throws DnsLookupException {
    return query(name, Type.TXT);
  }

  /** {@link #lookupText} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupTextAsync(String name) {
    return queryAsync(name, Type.TXT);
  }

  /** SPF records. */
  default Response lookupSenderPolicy(String name) throws DnsLookupException {
    return query(name, Type.SPF);
  }

  /** {@link #lookupSenderPolicy} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupSenderPolicyAsync(String name) {
    return queryAsync(name, Type.SPF);
  }

  /** RP records. */
  default Response lookupResponsibility(String name) throws DnsLookupException {
    return query(name, Type.RP);
  }

  /** {@link #lookupResponsibility} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupResponsibilityAsync(String name) {
    return queryAsync(name, Type.RP);
  }

  /** AFSDB records. */
  default Response lookupAFSDatabase(String name) throws DnsLookupException {
    return query(name, Type.AFSDB);
  }

  /** {@link #lookupAFSDatabase} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupAFSDatabaseAsync(String name) {
    return queryAsync(name, Type.AFSDB);
  }

  /** NAPTR records. */
  default Response lookupNamingAuthorityPointer(String name) throws DnsLookupException {
    return query(name, Type.NAPTR);
  }

  /** {@link #lookupNamingAuthorityPointer} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupNamingAuthorityPointerAsync(String name) {
    return queryAsync(name, Type.NAPTR);
  }

  /** Every record of the name, by an ANY query (a server may answer it minimally, RFC 8482). */
  default Response lookupAllRecords(String name) throws DnsLookupException {
    return query(name, Type.ANY);
  }

  /** {@link #lookupAllRecords} as a future, completed on a virtual thread. */
  default CompletableFuture<Response> lookupAllRecordsAsync(String name) {
    return queryAsync(name, Type.ANY);
  }
}
