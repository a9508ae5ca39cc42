/**
 * A test kit for users' own zones and rules, in Spock: {@link org.loomdns.testkit.Loomdns} starts an
 * in-process loomdns on 127.0.0.1 from the same options the command line takes, and asks it
 * questions; {@link org.loomdns.testkit.Reply} and {@link org.loomdns.testkit.Answers} read the
 * answers as text and print the whole reply, as dig would, when an expectation fails;
 * {@link org.loomdns.testkit.FakeUpstream} stands in for the resolver a forwarder asks;
 * {@code LoomdnsSpec} is the base spec that starts and stops them. It uses the command line's
 * wiring ({@code cli.Serving}) and never reaches into a stage; no main code depends on it.
 */
package org.loomdns.testkit;
