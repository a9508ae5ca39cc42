/**
 * Dynamic updates in (RFC 2136): the chain's handler for opcode UPDATE. Owns the zone section,
 * prerequisite and update section rules, who may update what ({@code --allow-update}, the
 * {@code --update-policy} file), and the per-zone combining queue that applies updates one at a
 * time, hands each batch to an {@link org.loomdns.update.UpdateLog} to be forced to disk, then
 * publishes each version through {@link org.loomdns.authority.ServedZones} alone. Knows no
 * sockets, no other stage, and how the log keeps its diffs is the log's business.
 */
package org.loomdns.update;
