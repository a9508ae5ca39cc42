package org.loomdns.testkit;

import java.util.Iterator;
import java.util.List;

/**
 * The answer's data in presentation form, equal to a list of the same strings
 * ({@code resolve('www.example.com', A) == ['192.0.2.80']}), that keeps the {@link Reply} it came
 * from: it prints as the data followed by the whole reply, so a failed comparison shows why. Not a
 * {@code List} itself, since Spock prints a list's items alone.
 */
public final class Answers implements Iterable<String> {

  private final List<String> data;
  private final Reply reply;

  Answers(Reply reply) {
    this.reply = reply;
    this.data = reply.getData();
  }

  /** The whole reply: rcode, flags, every section. */
  public Reply getReply() {
    return reply;
  }

  /** The data as a plain list. */
  public List<String> toList() {
    return data;
  }

  public String get(int index) {
    return data.get(index);
  }

  /** Groovy's {@code answers[0]}. */
  public String getAt(int index) {
    return data.get(index);
  }

  public int size() {
    return data.size();
  }

  public boolean isEmpty() {
    return data.isEmpty();
  }

  public boolean contains(String item) {
    return data.contains(item);
  }

  @Override
  public Iterator<String> iterator() {
    return data.iterator();
  }

  /** Equal to a list (or other answers) of the same strings, in the same order. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Answers a ? data.equals(a.data) : data.equals(other);
  }

  @Override
  public int hashCode() {
    return data.hashCode();
  }

  /** The data, then the reply as dig prints it. */
  @Override
  public String toString() {
    return data + " from\n" + reply;
  }
}
