// SPDX-License-Identifier: MIT
#include "channel.hpp"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace pmat::sandbox::launcher {

std::string open_channel(Channel &channel) {
   int fds[2];
   if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
      return std::string("socketpair: ") + std::strerror(errno);
   channel.launcher_end = fds[0];
   channel.sandbox_end = fds[1];
   return "";
}

bool send_message(int socket, const std::string &text, int fd) {
   iovec iov{const_cast<char *>(text.data()), text.size()};
   alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
   msghdr message{};
   message.msg_iov = &iov;
   message.msg_iovlen = 1;
   if (fd >= 0) {
      message.msg_control = control;
      message.msg_controllen = sizeof(control);
      cmsghdr *header = CMSG_FIRSTHDR(&message);
      header->cmsg_level = SOL_SOCKET;
      header->cmsg_type = SCM_RIGHTS;
      header->cmsg_len = CMSG_LEN(sizeof(int));
      std::memcpy(CMSG_DATA(header), &fd, sizeof(int));
   }
   ssize_t sent;
   do {
      sent = sendmsg(socket, &message, MSG_NOSIGNAL);
   } while (sent < 0 && errno == EINTR);
   return sent == static_cast<ssize_t>(text.size());
}

bool receive_message(int socket, std::string &text, int *fd) {
   char buffer[512];
   iovec iov{buffer, sizeof(buffer)};
   alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
   msghdr message{};
   message.msg_iov = &iov;
   message.msg_iovlen = 1;
   message.msg_control = control;
   message.msg_controllen = sizeof(control);
   ssize_t got;
   do {
      got = recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
   } while (got < 0 && errno == EINTR);
   if (fd != nullptr)
      *fd = -1;
   cmsghdr *header = got > 0 ? CMSG_FIRSTHDR(&message) : nullptr;
   if (header != nullptr && header->cmsg_type == SCM_RIGHTS && fd != nullptr)
      std::memcpy(fd, CMSG_DATA(header), sizeof(int));
   if (got <= 0)
      return false;
   text.assign(buffer, static_cast<std::size_t>(got));
   return true;
}

} // namespace pmat::sandbox::launcher
