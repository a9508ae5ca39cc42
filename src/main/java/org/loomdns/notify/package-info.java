/**
 * NOTIFY out (RFC 1996): when a zone we serve gets a new serial, tell its secondaries, so they
 * fetch it at once instead of at the SOA's refresh. Sends, retries (bounded) and logs; decides
 * nothing about what is served, and knows neither the query path nor the stages: it is given
 * each zone change by whoever wires it (the command line) and reads the zone for its NS glue.
 */
package org.loomdns.notify;
