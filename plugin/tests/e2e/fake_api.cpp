// SPDX-License-Identifier: MIT
#include "fake_api.hpp"

#include "support/spawn_process.hpp"

#include <boost/json/parse.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace pmat::test {
namespace {

// Variables a developer's shell might have that must never reach a test worker.
constexpr const char *k_cleared[] = {"ANTHROPIC_AUTH_TOKEN", "CLAUDE_CONFIG_DIR", "HTTPS_PROXY",
                                     "HTTP_PROXY",           "https_proxy",       "http_proxy"};

} // namespace

FakeApi::FakeApi(const std::string &default_behaviour) {
   int in[2], out[2];
   if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0)
      throw std::runtime_error("pipe failed");
   posix_spawn_file_actions_t actions;
   posix_spawn_file_actions_init(&actions);
   posix_spawn_file_actions_adddup2(&actions, in[0], 0);
   posix_spawn_file_actions_adddup2(&actions, out[1], 1);
   pid_ = spawn_process({PMAT_TEST_NODE, PMAT_TEST_FAKE_API_SCRIPT, default_behaviour}, actions);
   posix_spawn_file_actions_destroy(&actions);
   ::close(in[0]);
   ::close(out[1]);
   to_child_ = in[1];
   from_child_ = out[0];
   if (pid_ < 0)
      throw std::runtime_error("cannot start the fake API with " PMAT_TEST_NODE);
   port_ = static_cast<int>(boost::json::parse(read_line()).at("port").as_int64());
}

FakeApi::~FakeApi() {
   ::close(to_child_);
   int status = 0;
   ::waitpid(pid_, &status, 0);
   ::close(from_child_);
}

void FakeApi::command(const std::string &line) {
   const std::string text = line + "\n";
   if (::write(to_child_, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
      throw std::runtime_error("the fake API stopped listening");
}

std::string FakeApi::read_line() {
   std::string line;
   char c = 0;
   while (::read(from_child_, &c, 1) == 1 && c != '\n')
      line.push_back(c);
   if (line.empty())
      throw std::runtime_error("the fake API closed its output");
   return line;
}

void FakeApi::set_default(const std::string &behaviour) {
   command("default " + behaviour);
}
void FakeApi::script(const std::string &behaviours) {
   command("script " + behaviours);
}

int FakeApi::request_count() {
   command("count");
   return static_cast<int>(boost::json::parse(read_line()).at("count").as_int64());
}

std::int64_t FakeApi::last_request_ms() {
   command("last");
   return boost::json::parse(read_line()).at("last_at").to_number<std::int64_t>();
}

boost::json::object FakeApi::usage_totals() {
   command("usage");
   return boost::json::parse(read_line()).as_object();
}

boost::json::array FakeApi::seen() {
   command("seen");
   return boost::json::parse(read_line()).at("requests").as_array();
}

ClaudeEnvironment::ClaudeEnvironment(const FakeApi &api) {
   for (const char *name : k_cleared)
      ::unsetenv(name);
   ::setenv("ANTHROPIC_BASE_URL", api.base_url().c_str(), 1);
   ::setenv("ANTHROPIC_API_KEY", "test-key-not-real", 1);
   ::setenv("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1", 1);
   ::setenv("PMAT_CLAUDE_BRIDGE", PMAT_TEST_BRIDGE_ENTRY, 1);
   ::setenv("PMAT_CLAUDE_NODE", PMAT_TEST_NODE, 1);
   // A loaded 2-core CI machine can take longer than upstream's 500 ms to start node.
   ::setenv("PMAT_CLAUDE_INIT_TIMEOUT_MS", "10000", 1);
}

ClaudeEnvironment::~ClaudeEnvironment() {
   for (const char *name :
        {"ANTHROPIC_BASE_URL", "ANTHROPIC_API_KEY", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"})
      ::unsetenv(name);
}

} // namespace pmat::test
