/**
 * A zone transfer's answer sections as bytes, made once per zone version and kept for the next
 * client of that version, bounded in bytes. Compression pointers in a transfer message are
 * offsets from its start, and the header and question before the answers have the same length
 * for every client of a zone, so the answers' bytes can be reused behind another client's header
 * and question. Knows records and bytes only: nothing of zones, queries or sockets.
 */
package org.loomdns.transferwire;
