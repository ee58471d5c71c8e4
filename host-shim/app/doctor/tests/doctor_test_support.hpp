// SPDX-License-Identifier: MIT
// What the doctor's end-to-end tests need around the real pmat-host: a private home with a
// clean environment, the repo's fake Anthropic API as a child process, and a port on which
// nothing listens.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>

namespace pmat::doctor::test {

struct Run {
   int exit_code = -1;
   std::string out;
   std::string err;
   long wall_ms = 0;
};

using Env = std::map<std::string, std::string>;

// A temporary directory holding HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME for one test.
class Home {
 public:
   Home();
   ~Home();
   Home(const Home &) = delete;
   Home &operator=(const Home &) = delete;

   const std::filesystem::path &root() const { return root_; }
   std::filesystem::path config() const { return root_ / "config"; }
   // Writes `content` at `relative` under the root, creating directories; returns the path.
   std::filesystem::path write(const std::string &relative, const std::string &content) const;

   // The environment of a healthy Claude setup: PATH with node, the build's bridge and
   // launcher defaults, ANTHROPIC_BASE_URL on 127.0.0.1 and a test key. Nothing else of the
   // test runner's environment leaks in (no real ANTHROPIC_API_KEY).
   Env healthy_env() const;

   // Runs `pmat-host doctor <args>` with exactly `env` (env -i); never through a shell's PATH.
   // `binary`: another pmat-host than the build's (a copy placed elsewhere).
   Run doctor(const std::string &args, const Env &env,
              const std::string &binary = PMAT_HOST_BIN) const;

 private:
   std::filesystem::path root_;
};

// plugin/tests/e2e/fake_api_server.mjs under node: a fake Messages API on 127.0.0.1.
class FakeApi {
 public:
   explicit FakeApi(const std::string &behaviour = "ok");
   ~FakeApi();
   FakeApi(const FakeApi &) = delete;
   FakeApi &operator=(const FakeApi &) = delete;

   int port() const { return port_; }
   std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
   // POST /v1/messages requests it has answered so far.
   int count();

 private:
   std::string read_line();
   pid_t pid_ = -1;
   int to_child_ = -1;
   int from_child_ = -1;
   std::string buffered_;
   int port_ = 0;
};

// A TCP port on 127.0.0.1 that is bound (so no one else takes it) but never listens: a connect
// is refused at once.
class DeadPort {
 public:
   DeadPort();
   ~DeadPort();
   DeadPort(const DeadPort &) = delete;
   DeadPort &operator=(const DeadPort &) = delete;
   int port() const { return port_; }

 private:
   int fd_ = -1;
   int port_ = 0;
};

// True when `text` contains `needle`; the Boost message shows both.
bool contains(const std::string &text, const std::string &needle);

// The line of `text` that starts with `prefix` ("✗ node.binary:"), or "".
std::string line_starting(const std::string &text, const std::string &prefix);

} // namespace pmat::doctor::test
