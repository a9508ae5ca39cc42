/*
 * The benchmark's floor: answers every DNS query on 127.0.0.1:PORT with the query itself, QR set.
 * No parsing, no lookup, no encoding: what is left is the kernel's cost of a datagram in and a
 * datagram out, which no server can go below. BATCH 0 takes one recvfrom and one sendto per
 * query; BATCH 1 takes up to 64 queries per recvmmsg and answers them with one sendmmsg, as NSD
 * and Knot do.
 *
 *   echo PORT BATCH
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define MAX_BATCH 64
#define SIZE 1500

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: echo PORT BATCH(0|1)\n");
    return 2;
  }
  int port = atoi(argv[1]), batch = atoi(argv[2]);
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int rcvbuf = 8 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  struct sockaddr_in at = {0};
  at.sin_family = AF_INET;
  at.sin_port = htons(port);
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&at, sizeof at) != 0) {
    perror("bind");
    return 1;
  }
  static char data[MAX_BATCH][SIZE];
  static struct sockaddr_in from[MAX_BATCH];
  static struct mmsghdr msgs[MAX_BATCH];
  static struct iovec iov[MAX_BATCH];
  for (;;) {
    if (!batch) {
      socklen_t length = sizeof from[0];
      ssize_t n = recvfrom(fd, data[0], SIZE, 0, (struct sockaddr *)&from[0], &length);
      if (n < 12) continue;
      data[0][2] |= 0x80;
      sendto(fd, data[0], n, 0, (struct sockaddr *)&from[0], length);
      continue;
    }
    for (int i = 0; i < MAX_BATCH; i++) {
      iov[i].iov_base = data[i];
      iov[i].iov_len = SIZE;
      memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &from[i];
      msgs[i].msg_hdr.msg_namelen = sizeof from[i];
    }
    int n = recvmmsg(fd, msgs, MAX_BATCH, MSG_WAITFORONE, NULL);
    if (n <= 0) continue;
    for (int i = 0; i < n; i++) {
      data[i][2] |= 0x80;
      iov[i].iov_len = msgs[i].msg_len;
    }
    sendmmsg(fd, msgs, n, 0);
  }
}
