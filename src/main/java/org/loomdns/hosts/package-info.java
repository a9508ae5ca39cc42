/**
 * The hosts stage ({@code --hosts-file}, and the system hosts file under {@code --recursive}):
 * A, AAAA and PTR from a hosts file, re-read when it changes. Owns the parsing of hosts files and
 * what the stage answers; knows no other stage, no server and no zone files.
 */
package org.loomdns.hosts;
