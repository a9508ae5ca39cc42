/**
 * A zone transfer's answer sections as bytes: how a transfer's records are cut into messages and
 * encoded, and those bytes made once per zone version, ahead of its first client when asked to,
 * and kept for the next clients of that version, bounded in bytes. Compression pointers in a
 * transfer message are offsets from its start, and the header and question before the answers
 * have the same length for every client of a zone, so the answers' bytes can be reused behind
 * another client's header and question. Knows records and bytes only: nothing of zones, queries
 * or sockets; who prepares what, and when, is its caller's choice.
 */
package org.loomdns.transferwire;
