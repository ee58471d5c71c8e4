// SPDX-License-Identifier: MIT
// The real bridge (node bridge/dist/index.js --sandboxed) inside pmat-sandbox-exec: handshake,
// ping and analyze through both engines against the fake Anthropic API on 127.0.0.1, reached
// through the launcher's egress relay; and with no network, the same analyze cannot get out.
#define BOOST_TEST_MODULE pmat_sandbox_bridge
#include <boost/test/unit_test.hpp>

#include <iostream>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pmat/sandbox/command_line.hpp>
#include <pmat/sandbox/layers_report.hpp>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace pmat::sandbox;

extern char **environ;

namespace {

// Canonical: the sandbox binds the real directory, and node resolves modules by real path.
const fs::path k_bridge_dir = fs::weakly_canonical(fs::path(PMAT_SANDBOX_REPO) / "bridge");
const fs::path k_bridge_entry = k_bridge_dir / "dist" / "index.js";

// A child with piped stdin/stdout/stderr.
struct Child {
   pid_t pid = -1;
   int in = -1, out = -1, err = -1;

   Child(const std::vector<std::string> &argv, const std::vector<std::string> &env) {
      int pipes[3][2];
      for (auto &p : pipes)
         BOOST_REQUIRE(pipe2(p, O_CLOEXEC) == 0);
      posix_spawn_file_actions_t actions;
      posix_spawn_file_actions_init(&actions);
      posix_spawn_file_actions_adddup2(&actions, pipes[0][0], 0);
      posix_spawn_file_actions_adddup2(&actions, pipes[1][1], 1);
      posix_spawn_file_actions_adddup2(&actions, pipes[2][1], 2);
      std::vector<char *> args, envp;
      for (const auto &arg : argv)
         args.push_back(const_cast<char *>(arg.c_str()));
      args.push_back(nullptr);
      for (const auto &entry : env)
         envp.push_back(const_cast<char *>(entry.c_str()));
      envp.push_back(nullptr);
      BOOST_REQUIRE(posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data()) == 0);
      posix_spawn_file_actions_destroy(&actions);
      close(pipes[0][0]);
      close(pipes[1][1]);
      close(pipes[2][1]);
      in = pipes[0][1];
      out = pipes[1][0];
      err = pipes[2][0];
      fcntl(err, F_SETFL, O_NONBLOCK);
   }
   ~Child() {
      close(in);
      if (pid > 0 && waitpid(pid, nullptr, WNOHANG) == 0) {
         kill(pid, SIGKILL);
         waitpid(pid, nullptr, 0);
      }
      close(out);
      close(err);
   }
   // Reads up to `size` bytes within the deadline; false on EOF or timeout.
   bool read_exact(char *data, std::size_t size,
                   std::chrono::steady_clock::time_point deadline) const {
      while (size > 0) {
         auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
             deadline - std::chrono::steady_clock::now());
         pollfd fd{out, POLLIN, 0};
         if (left.count() <= 0 || poll(&fd, 1, static_cast<int>(left.count())) <= 0)
            return false;
         ssize_t n = read(out, data, size);
         if (n <= 0)
            return false;
         data += n;
         size -= static_cast<std::size_t>(n);
      }
      return true;
   }
   [[nodiscard]] std::string stderr_text() const {
      std::string text;
      char buffer[4096];
      for (ssize_t n = read(err, buffer, sizeof(buffer)); n > 0;
           n = read(err, buffer, sizeof(buffer)))
         text.append(buffer, static_cast<std::size_t>(n));
      return text;
   }
   int wait() {
      close(in);
      in = -1;
      int status = 0;
      waitpid(pid, &status, 0);
      pid = -1;
      return status;
   }
};

// The frame codec of docs/bridge-protocol.md: "PMAT", u64 LE sequence, u32 LE length, JSON.
struct Connection {
   Child &child;
   std::uint64_t sequence = 0;

   void send(const json::object &message) {
      std::string payload = json::serialize(message);
      std::string frame = "PMAT";
      for (int i = 0; i < 8; ++i)
         frame += static_cast<char>((sequence >> (8 * i)) & 0xff);
      for (int i = 0; i < 4; ++i)
         frame += static_cast<char>((payload.size() >> (8 * i)) & 0xff);
      frame += payload;
      ++sequence;
      BOOST_REQUIRE(write(child.in, frame.data(), frame.size()) ==
                    static_cast<ssize_t>(frame.size()));
   }

   std::optional<json::object> receive(std::chrono::steady_clock::time_point deadline) {
      char header[16];
      if (!child.read_exact(header, sizeof(header), deadline) ||
          std::memcmp(header, "PMAT", 4) != 0)
         return std::nullopt;
      std::uint32_t length = 0;
      for (int i = 0; i < 4; ++i)
         length |= static_cast<std::uint32_t>(static_cast<unsigned char>(header[12 + i]))
                   << (8 * i);
      std::string payload(length, '\0');
      if (!child.read_exact(payload.data(), length, deadline))
         return std::nullopt;
      return json::parse(payload).as_object();
   }

   // Sends a request and waits for the response with its id (notifications are skipped).
   json::object call(std::int64_t id, const std::string &method, json::object params,
                     int timeout_s = 30) {
      send({{"id", id}, {"method", method}, {"params", std::move(params)}});
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
      for (auto frame = receive(deadline); frame; frame = receive(deadline)) {
         if (frame->contains("id") && frame->at("id").to_number<std::int64_t>() == id)
            return *frame;
      }
      BOOST_FAIL("no response to " << method << "; stderr: " << child.stderr_text());
      return {};
   }
};

json::object sample_files() {
   json::object file{
       {"path", "src/a.c"}, {"language", "c"}, {"content", "int main(void) {\n  return 0;\n}\n"}};
   return {{"files", json::array{file}}};
}

bool prerequisites() {
   if (fs::exists(k_bridge_entry) && fs::exists(PMAT_NODE))
      return true;
   std::cout << "skipped: node (" PMAT_NODE ") or the built bridge (" << k_bridge_entry
             << ") is missing; build bridge_build" << std::endl;
   return false;
}

// The fake Anthropic API (bridge/test/fake-anthropic.mjs) in a node child: prints its port,
// and the number of /v1/messages requests it served when its stdin closes.
struct Fake {
   Child child{{PMAT_NODE, "--input-type=module", "-e",
                "import { startFakeAnthropic } from '" +
                    (k_bridge_dir / "test" / "fake-anthropic.mjs").string() +
                    "';\nconst fake = await startFakeAnthropic();\nconsole.log(fake.port);\n"
                    "process.stdin.resume();\nprocess.stdin.on('end', async () => {\n"
                    "  console.log('requests ' + fake.requestCount); await fake.close(); "
                    "process.exit(0); });\n"},
               {"PATH=/usr/bin:/bin"}};
   int port = 0;
   Fake() {
      std::string line;
      char c = 0;
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (child.read_exact(&c, 1, deadline) && c != '\n')
         line += c;
      port = std::stoi(line);
   }
   int requests() {
      close(child.in);
      child.in = -1;
      std::string text;
      char c = 0;
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (child.read_exact(&c, 1, deadline))
         text += c;
      child.wait();
      auto at = text.find("requests ");
      return at == std::string::npos ? -1 : std::stoi(text.substr(at + 9));
   }
};

struct SandboxedBridge {
   fs::path sandbox_dir;
   Child child;
   Connection connection{child};

   SandboxedBridge(Network network, int fake_port)
       : sandbox_dir(fs::temp_directory_path() /
                     ("pmat-sandbox-bridge-" + std::to_string(getpid()))),
         child(argv(network, fake_port, sandbox_dir), environment(fake_port)) {}
   ~SandboxedBridge() {
      std::error_code ignored;
      fs::remove_all(sandbox_dir, ignored);
   }

   static std::vector<std::string> argv(Network network, int port, const fs::path &dir) {
      SandboxConfig config;
      config.launcher = PMAT_SANDBOX_EXEC;
      config.sandbox_root = dir.string();
      config.ro_binds = {fs::canonical(PMAT_NODE).string(), k_bridge_dir.string()};
      config.network = network;
      config.egress_endpoint = "127.0.0.1:" + std::to_string(port);
      config.keep_env = {"PMAT_CLAUDE_MODEL", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
                         "PMAT_CLAUDE_MAX_RETRIES"};
      return build_command_line(
          config, {fs::canonical(PMAT_NODE).string(), k_bridge_entry.string(), "--sandboxed"});
   }
   static std::vector<std::string> environment(int port) {
      return {"PATH=/usr/bin:/bin",
              "ANTHROPIC_API_KEY=test",
              "ANTHROPIC_BASE_URL=http://127.0.0.1:" + std::to_string(port),
              "PMAT_CLAUDE_MODEL=claude-sonnet-5-5",
              "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1",
              "PMAT_CLAUDE_MAX_RETRIES=0",
              "PMAT_HOST_ONLY_SECRET=must-not-leak"};
   }

   void handshake_and_ping() {
      json::object hello{
          {"protocol_version", 1}, {"max_frame_bytes", 16777216}, {"client", "sandbox-test"}};
      auto reply = connection.call(1, "handshake", hello);
      BOOST_TEST(reply.at("status").as_string() == "success", json::serialize(reply));
      auto pong = connection.call(2, "ping", {});
      BOOST_TEST(pong.at("payload").at("pong").as_bool());
   }

   LayersReport finish() {
      connection.call(99, "shutdown", {});
      int status = child.wait();
      BOOST_TEST(WIFEXITED(status));
      BOOST_TEST(WEXITSTATUS(status) == 0);
      std::string text = child.stderr_text();
      auto start = text.find(k_report_prefix);
      BOOST_REQUIRE_MESSAGE(start != std::string::npos, "no layers report in: " << text);
      auto report = parse_layers_report(text.substr(start, text.find('\n', start) - start));
      BOOST_REQUIRE(report.has_value());
      return *report;
   }
};

} // namespace

BOOST_AUTO_TEST_CASE(the_bridge_answers_inside_the_sandbox_through_the_egress_relay) {
   if (!prerequisites())
      return;
   Fake fake;
   SandboxedBridge bridge(Network::Egress, fake.port);
   bridge.handshake_and_ping();
   for (const char *engine : {"messages-api", "agent-sdk"}) {
      json::object params = sample_files();
      params["engine"] = engine;
      auto reply = bridge.connection.call(engine[0] == 'm' ? 3 : 4, "analyze", params, 60);
      BOOST_TEST(reply.at("status").as_string() == "success",
                 engine << ": " << json::serialize(reply));
      if (reply.at("status").as_string() == "success")
         BOOST_TEST(reply.at("payload").at("files").as_array()[0].at("path").as_string() ==
                    "src/a.c");
   }
   LayersReport report = bridge.finish();
   for (Layer layer : {Layer::UserNs, Layer::MountNs, Layer::PidNs, Layer::NetNs, Layer::Egress,
                       Layer::Filesystem, Layer::Caps, Layer::NoNewPrivs, Layer::Seccomp})
      BOOST_TEST(report.is_active(layer), layer_name(layer));
   // docs/security.md: the switch to nobody is root's; a user's worker stays that user, mapped
   // to itself in its user namespace (pmat_sandbox_unprivileged_suites runs this as non-root).
   const bool identity_skipped = std::find(report.skipped.begin(), report.skipped.end(),
                                           Layer::Identity) != report.skipped.end();
   BOOST_TEST(report.is_active(Layer::Identity) == (::geteuid() == 0));
   BOOST_TEST(identity_skipped == (::geteuid() != 0));
   BOOST_TEST(fake.requests() >= 2);
}

BOOST_AUTO_TEST_CASE(without_egress_the_same_analyze_cannot_reach_the_api) {
   if (!prerequisites())
      return;
   Fake fake;
   SandboxedBridge bridge(Network::None, fake.port);
   bridge.handshake_and_ping();
   auto reply = bridge.connection.call(3, "analyze", sample_files(), 60);
   BOOST_TEST(reply.at("status").as_string() == "error", json::serialize(reply));
   bridge.finish();
   BOOST_TEST(fake.requests() == 0);
}
