package org.loomdns.server

import static java.lang.foreign.ValueLayout.JAVA_INT

import java.lang.foreign.FunctionDescriptor
import java.lang.foreign.Linker

/**
 * Breaks a native socket's poller under it: its epoll descriptor's number is made to point at an
 * eventfd (dup2), so its next epoll_wait fails. Closing the number instead let it be reused (by
 * the JDK channel that takes over, or the JDK's own poller) before the socket closed it again on
 * its way out, which broke that other descriptor and the tests after it.
 */
final class DeadPoller {

  private static final Linker LINKER = Linker.nativeLinker()

  static void breakEpoll(int epfd) {
    def eventfd = LINKER.downcallHandle(LINKER.defaultLookup().find('eventfd').get(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT))
    def dup2 = LINKER.downcallHandle(LINKER.defaultLookup().find('dup2').get(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT))
    int other = eventfd.invokeWithArguments(0, 0) as int
    assert other >= 0
    assert (dup2.invokeWithArguments(other, epfd) as int) == epfd
    Libc.CLOSE.invokeWithArguments(other)
  }
}
