// SPDX-License-Identifier: MIT
#include "doctor_test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <vector>

namespace fs = std::filesystem;

namespace pmat::doctor::test {
namespace {

std::string slurp(const fs::path &path) {
   std::ifstream in(path);
   return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string quoted(const std::string &text) {
   std::string out = "'";
   for (const char c : text)
      out += c == '\'' ? std::string("'\\''") : std::string(1, c);
   return out + "'";
}

} // namespace

Home::Home() {
   std::string pattern = (fs::temp_directory_path() / "pmat-doctor-test-XXXXXX").string();
   BOOST_REQUIRE(::mkdtemp(pattern.data()));
   root_ = pattern;
   fs::create_directories(root_ / "home");
}

Home::~Home() {
   std::error_code ec;
   fs::remove_all(root_, ec);
}

fs::path Home::write(const std::string &relative, const std::string &content) const {
   const fs::path path = root_ / relative;
   fs::create_directories(path.parent_path());
   std::ofstream(path) << content;
   return path;
}

Env Home::healthy_env() const {
   Env env{{"PATH", fs::path(PMAT_NODE).parent_path().string() + ":/usr/bin:/bin"},
           {"HOME", (root_ / "home").string()},
           {"XDG_CONFIG_HOME", config().string()},
           {"XDG_CACHE_HOME", (root_ / "cache").string()},
           {"ANTHROPIC_BASE_URL", "http://127.0.0.1:9"},
           {"ANTHROPIC_API_KEY", "sk-doctor-test-secret"}};
   // The sanitizer builds' settings (halt on the first report) reach pmat-host too.
   for (const char *name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"})
      if (const char *value = std::getenv(name))
         env[name] = value;
   return env;
}

Run Home::doctor(const std::string &args, const Env &env, const std::string &binary) const {
   std::string command = "env -i";
   for (const auto &[name, value] : env)
      command += " " + name + "=" + quoted(value);
   const fs::path out = root_ / ".stdout", err = root_ / ".stderr";
   command += " " + quoted(binary) + " doctor " + args + " >" + quoted(out.string()) + " 2>" +
              quoted(err.string());
   const auto started = std::chrono::steady_clock::now();
   const int status = std::system(command.c_str());
   Run run;
   run.wall_ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::steady_clock::now() - started)
                                       .count());
   run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
   run.out = slurp(out);
   run.err = slurp(err);
   BOOST_TEST_MESSAGE("pmat-host doctor " << args << ": exit " << run.exit_code << " in "
                                          << run.wall_ms << " ms");
   return run;
}

FakeApi::FakeApi(const std::string &behaviour) {
   int in[2], out[2];
   BOOST_REQUIRE(::pipe2(in, O_CLOEXEC) == 0 && ::pipe2(out, O_CLOEXEC) == 0);
   pid_ = ::fork();
   BOOST_REQUIRE(pid_ >= 0);
   if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::execl(PMAT_NODE, PMAT_NODE, PMAT_FAKE_API_SERVER, behaviour.c_str(),
              static_cast<char *>(nullptr));
      ::_exit(127);
   }
   ::close(in[0]);
   ::close(out[1]);
   to_child_ = in[1];
   from_child_ = out[0];
   const auto first = boost::json::parse(read_line());
   port_ = static_cast<int>(first.at("port").as_int64());
}

FakeApi::~FakeApi() {
   ::close(to_child_); // the fake exits when its stdin closes
   int status = 0;
   ::waitpid(pid_, &status, 0);
   ::close(from_child_);
}

std::string FakeApi::read_line() {
   const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
   while (buffered_.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd polled{from_child_, POLLIN, 0};
      BOOST_REQUIRE_MESSAGE(left.count() > 0 &&
                                ::poll(&polled, 1, static_cast<int>(left.count())) > 0,
                            "the fake API did not answer");
      char buffer[512];
      const ssize_t n = ::read(from_child_, buffer, sizeof buffer);
      BOOST_REQUIRE_MESSAGE(n > 0, "the fake API exited");
      buffered_.append(buffer, static_cast<std::size_t>(n));
   }
   const auto end = buffered_.find('\n');
   std::string line = buffered_.substr(0, end);
   buffered_.erase(0, end + 1);
   return line;
}

int FakeApi::count() {
   const std::string command = "count\n";
   BOOST_REQUIRE(::write(to_child_, command.data(), command.size()) ==
                 static_cast<ssize_t>(command.size()));
   return static_cast<int>(boost::json::parse(read_line()).at("count").as_int64());
}

DeadPort::DeadPort() {
   fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
   sockaddr_in address{};
   address.sin_family = AF_INET;
   address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
   socklen_t size = sizeof address;
   BOOST_REQUIRE(fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr *>(&address), size) == 0);
   BOOST_REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr *>(&address), &size) == 0);
   port_ = ntohs(address.sin_port);
}

DeadPort::~DeadPort() {
   ::close(fd_);
}

bool contains(const std::string &text, const std::string &needle) {
   return text.find(needle) != std::string::npos;
}

std::string line_starting(const std::string &text, const std::string &prefix) {
   std::size_t start = 0;
   while (start < text.size()) {
      const std::size_t end = text.find('\n', start);
      const std::string line = text.substr(start, end - start);
      if (line.rfind(prefix, 0) == 0)
         return line;
      if (end == std::string::npos)
         break;
      start = end + 1;
   }
   return "";
}

} // namespace pmat::doctor::test
