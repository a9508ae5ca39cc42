/**
 * The configuration file ({@code --config FILE}): a Groovy file run once, restricted (no imports,
 * no package, no classes; interrupted past a time limit), whose calls say what the command line
 * says, key by key, plus what a flag says clumsily (zone blocks with their own notify,
 * allow-transfer and update rules; view blocks of zones chosen by the client; TSIG keys and secondaries as named arguments). Produces plain
 * values ({@link org.loomdns.config.Config}); the settings it accepts are given to it
 * ({@link org.loomdns.config.ConfigKey}), so it knows no option, no server and no stage: the
 * command line builds the keys from its own option definitions and consumes the result.
 */
package org.loomdns.config;
