/**
 * Small network value types shared by stages: address ranges for access rules; and reading DNS
 * wire bytes without parsing them, and the length of a record on the wire without encoding it. No
 * I/O.
 */
package org.loomdns.net;
