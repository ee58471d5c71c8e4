// SPDX-License-Identifier: MIT
// Test support for pmat-host serve: the real server as a child process on 127.0.0.1 with an
// ephemeral port, a minimal blocking HTTP/1.1 client over raw sockets (so tests can also send
// what no well-behaved client would), and scratch directories.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pmat::serve::test {

class TempDir {
 public:
   TempDir();
   ~TempDir();
   const std::filesystem::path &path() const { return path_; }
   void write(const std::string &relative, const std::string &content) const;

 private:
   std::filesystem::path path_;
};

struct Reply {
   unsigned status = 0;
   std::map<std::string, std::string> headers; // lower-case names
   std::string body;
   bool ok() const { return status >= 200 && status < 300; }
};

// One keep-alive connection to 127.0.0.1:port.
class Connection {
 public:
   explicit Connection(unsigned short port);
   ~Connection();
   Connection(const Connection &) = delete;
   Connection &operator=(const Connection &) = delete;

   void send_raw(const std::string &bytes);
   // Reads one response; throws std::runtime_error when the peer closes first or on timeout.
   Reply read_reply();
   Reply request(const std::string &method, const std::string &path, const std::string &body = "",
                 const std::vector<std::string> &headers = {});
   // True when the server has closed the connection (reads end of stream).
   bool peer_closed();

 private:
   int fd_ = -1;
   std::string pending_;
};

// A one-shot request on a fresh connection.
Reply http(unsigned short port, const std::string &method, const std::string &path,
           const std::string &body = "", const std::vector<std::string> &headers = {});

class ServerProcess {
 public:
   // Starts `pmat-host serve --listen 127.0.0.1:0 <args>` with XDG_CONFIG_HOME=config_home and
   // waits for the bound port on its stdout.
   ServerProcess(const std::vector<std::string> &args, const std::filesystem::path &config_home);
   ~ServerProcess();
   ServerProcess(const ServerProcess &) = delete;
   ServerProcess &operator=(const ServerProcess &) = delete;

   unsigned short port() const { return port_; }
   pid_t pid() const { return pid_; }
   void signal(int signo) const;
   // Waits for the process to exit and returns its exit status (-1 when killed by a signal).
   int wait(std::chrono::seconds timeout = std::chrono::seconds(30));
   std::string log() const;

 private:
   pid_t pid_ = -1;
   unsigned short port_ = 0;
   std::filesystem::path log_path_;
   bool exited_ = false;
};

// Parses `body` as JSON and returns the value at a '/'-separated path of object keys, as text
// (strings unquoted); "" when absent.
std::string json_at(const std::string &body, const std::string &path);

// Polls GET /v1/status until `predicate(body)` holds; false after `timeout`.
template <typename Predicate>
bool wait_for_status(unsigned short port, Predicate predicate,
                     std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
   const auto deadline = std::chrono::steady_clock::now() + timeout;
   while (std::chrono::steady_clock::now() < deadline) {
      const Reply reply = http(port, "GET", "/v1/status");
      if (reply.ok() && predicate(reply.body))
         return true;
      ::usleep(20000);
   }
   return false;
}

// Runs headless Chromium (`browser`: its executable) on `url` with `mode` ("--dump-dom", or
// "--screenshot='FILE'"), its profile in `profile`, its stdout written to `out`; returns that
// stdout (the DOM for --dump-dom). The page's script runs for 3 s of virtual time. Throws
// std::runtime_error when Chromium fails.
std::string headless_chromium(const std::string &browser, const std::string &mode,
                              const std::string &url, const std::filesystem::path &profile,
                              const std::filesystem::path &out);

// Text content of the element with id `id` in a serialised DOM (elements without children);
// "<missing>" when no element has that id.
std::string element_text(const std::string &dom, const std::string &id);

// Installs `source` as `dir/name` by copy + rename, as an installer would.
void install_plugin(const std::filesystem::path &source, const std::filesystem::path &dir,
                    const std::string &name);

} // namespace pmat::serve::test
