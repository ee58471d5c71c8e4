// SPDX-License-Identifier: MIT
// A sandbox never outlives its host. A "host" process starts pmat-sandbox-exec with a payload
// that waits forever; the test SIGKILLs the host, and every process of that sandbox (launcher,
// sandbox-init, payload) must be gone shortly after, in each namespace layout the launcher can
// run in. The test process is a child subreaper, so the orphans come back to it to be reaped
// (and, when a case fails, killed rather than left running).
#define BOOST_TEST_MODULE pmat_sandbox_lifetime
#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "child_run.hpp"
#include "proc_text.hpp"

namespace fs = std::filesystem;
using namespace pmat::sandbox::test;
using pmat::test::proc_text;
using Clock = std::chrono::steady_clock;

namespace {

struct Subreaper {
   Subreaper() { BOOST_REQUIRE(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0); }
};
BOOST_TEST_GLOBAL_FIXTURE(Subreaper);

void reap_exited_children() {
   while (waitpid(-1, nullptr, WNOHANG) > 0) {
   }
}

// Live (not zombie) processes whose command line mentions `token`.
std::vector<pid_t> processes_mentioning(const std::string &token) {
   std::vector<pid_t> found;
   std::error_code error;
   for (const auto &entry : fs::directory_iterator("/proc", error)) {
      const std::string name = entry.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos)
         continue;
      if (proc_text(entry.path() / "cmdline").find(token) == std::string::npos)
         continue;
      std::ifstream stat(entry.path() / "stat");
      std::string pid_field, comm, state;
      stat >> pid_field >> comm >> state; // comm has no spaces: these are our own binaries
      if (state != "Z")
         found.push_back(std::stoi(name));
   }
   return found;
}

// A scratch sandbox dir whose path is the token every process of that sandbox carries.
struct SandboxScratch : Scratch {
   SandboxScratch() : Scratch("pmat-lifetime") {}
   ~SandboxScratch() {
      for (pid_t pid : processes_mentioning(dir.string()))
         kill(pid, SIGKILL); // only after a failure: never leave a sandbox running
      reap_exited_children();
   }
};

// Forks the host, which starts the launcher and then sleeps; returns once the payload has said
// "waiting" (or after 20 s, with whatever was printed in `output`).
pid_t start_host(const std::vector<std::string> &argv, std::string &output) {
   int out[2];
   BOOST_REQUIRE(pipe2(out, O_CLOEXEC) == 0);
   const pid_t host = fork();
   BOOST_REQUIRE(host >= 0);
   if (host == 0) {
      if (fork() == 0) {
         dup2(out[1], 1);
         dup2(out[1], 2);
         std::vector<char *> args;
         for (const auto &arg : argv)
            args.push_back(const_cast<char *>(arg.c_str()));
         args.push_back(nullptr);
         execv(args[0], args.data());
         _exit(127);
      }
      for (;;)
         pause();
   }
   close(out[1]);
   const auto deadline = Clock::now() + std::chrono::seconds(20);
   while (output.find("waiting\n") == std::string::npos && Clock::now() < deadline) {
      pollfd ready{out[0], POLLIN, 0};
      if (poll(&ready, 1, 100) <= 0)
         continue;
      char buffer[512];
      const ssize_t n = read(out[0], buffer, sizeof buffer);
      if (n <= 0)
         break;
      output.append(buffer, static_cast<std::size_t>(n));
   }
   close(out[0]);
   return host;
}

bool eventually_none(const std::string &token, std::chrono::milliseconds limit) {
   const auto deadline = Clock::now() + limit;
   for (;;) {
      reap_exited_children();
      if (processes_mentioning(token).empty())
         return true;
      if (Clock::now() >= deadline)
         return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
   }
}

void expect_sandbox_dies_with_its_host(const std::vector<std::string> &layout) {
   SandboxScratch scratch;
   const std::string token = scratch.dir.string();
   std::vector<std::string> options{"--ro-bind", PMAT_SANDBOX_PROBE, "--degraded-ok"};
   options.insert(options.end(), layout.begin(), layout.end());
   const auto argv = sandboxed(token + "/sandbox", options, {PMAT_SANDBOX_PROBE, "wait", token});

   std::string output;
   const pid_t host = start_host(argv, output);
   BOOST_REQUIRE_MESSAGE(output.find("waiting\n") != std::string::npos,
                         "the payload never started:\n"
                             << output);
   const auto before = processes_mentioning(token);
   BOOST_TEST_MESSAGE("sandbox processes before the host dies: " << before.size());
   BOOST_TEST(before.size() >= 2u); // the launcher and the payload, plus sandbox-init with a pidns

   BOOST_REQUIRE(kill(host, SIGKILL) == 0);
   BOOST_REQUIRE(waitpid(host, nullptr, 0) == host);
   BOOST_TEST(eventually_none(token, std::chrono::seconds(5)),
              "still running 5 s after the host died: " << processes_mentioning(token).size());
}

bool is_root() {
   return geteuid() == 0;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_namespace_the_default) {
   expect_sandbox_dies_with_its_host({});
}

BOOST_AUTO_TEST_CASE(without_a_pid_namespace) {
   expect_sandbox_dies_with_its_host({"--no-pidns"});
}

// As root without a user namespace the identity switch to nobody happens in the payload stage.
BOOST_AUTO_TEST_CASE(without_a_user_namespace,
                     *boost::unit_test::precondition([](auto) { return is_root(); })) {
   expect_sandbox_dies_with_its_host({"--no-userns"});
}

BOOST_AUTO_TEST_CASE(without_user_and_pid_namespaces,
                     *boost::unit_test::precondition([](auto) { return is_root(); })) {
   expect_sandbox_dies_with_its_host({"--no-userns", "--no-pidns"});
}
