/**
 * The command line: options, sub-commands and the wiring that builds the chain and the server
 * from them. Holds no DNS logic of its own.
 */
package org.loomdns.cli;
