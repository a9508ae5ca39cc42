/**
 * Quantities and files as operators write them on the command line (a size in bytes with a unit,
 * a file to write). Plain values; knows nothing of DNS, the query path or the stages that take them.
 */
package org.loomdns.units;
