/**
 * Who may do what beyond plain queries (transfer a zone, send NOTIFY, later update): lists of
 * address ranges and TSIG key names, as BIND's {@code allow-transfer} reads them. A value the
 * stages and the server consult; knows no query path, no sockets and no zones.
 */
package org.loomdns.acl;
