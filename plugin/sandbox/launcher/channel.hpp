// SPDX-License-Identifier: MIT
// The launcher <-> sandbox-init link: a SOCK_SEQPACKET socketpair carrying short messages, one
// fd (the egress listener, created inside the network namespace) and the payload's wait status.
#pragma once

#include <string>

namespace pmat::sandbox::launcher {

struct Channel {
   int launcher_end = -1;
   int sandbox_end = -1;
};

std::string open_channel(Channel &channel);

// One message of at most 512 bytes, optionally with an fd attached (-1 for none).
bool send_message(int socket, const std::string &text, int fd = -1);
// Blocks for a message; false on EOF/error (the peer died). `fd` receives an attached fd or -1.
bool receive_message(int socket, std::string &text, int *fd = nullptr);

} // namespace pmat::sandbox::launcher
