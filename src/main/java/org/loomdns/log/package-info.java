/**
 * Logging that a fault hit by every query cannot turn into a flood. Used by the stages and the
 * listeners; knows nothing of DNS, and writes only through tinylog.
 */
package org.loomdns.log;
