/**
 * Small network value types shared by stages: address ranges for access rules; and reading DNS
 * wire bytes without parsing them. No I/O.
 */
package org.loomdns.net;
