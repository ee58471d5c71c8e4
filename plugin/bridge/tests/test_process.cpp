// SPDX-License-Identifier: MIT
// ChildProcess: descriptor hygiene, SIGPIPE safety, reaping.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pmat/bridge/process.hpp>

using namespace pmat::bridge;

namespace {

std::string read_all(int fd) {
   std::string out;
   char buf[4096];
   for (int i = 0; i < 500; ++i) {
      pollfd p{fd, POLLIN, 0};
      ::poll(&p, 1, 20);
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n == 0)
         break;
      if (n > 0)
         out.append(buf, std::size_t(n));
   }
   return out;
}

void wait_reaped(ChildProcess &c) {
   for (int i = 0; i < 500 && !c.try_reap(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

} // namespace

BOOST_AUTO_TEST_SUITE(process)

BOOST_AUTO_TEST_CASE(child_gets_only_stdio) {
   // ls opens one directory descriptor of its own (3); anything above would be a leak.
   auto c = ChildProcess::spawn({"/bin/sh", {"-c", "exec ls /proc/self/fd"}, {}});
   BOOST_REQUIRE(c.ok());
   BOOST_TEST(read_all(c.value().stdout_fd()) == "0\n1\n2\n3\n");
   wait_reaped(c.value());
   BOOST_TEST(c.value().exit_description() == "exited with status 0");
}

BOOST_AUTO_TEST_CASE(environment_overrides_and_inherits) {
   ::setenv("PMAT_BRIDGE_TEST_INHERITED", "kept", 1);
   auto c = ChildProcess::spawn({"/bin/sh",
                                 {"-c", "echo $PMAT_BRIDGE_TEST_INHERITED $PMAT_BRIDGE_TEST_SET"},
                                 {"PMAT_BRIDGE_TEST_SET=given"}});
   BOOST_REQUIRE(c.ok());
   BOOST_TEST(read_all(c.value().stdout_fd()) == "kept given\n");
}

BOOST_AUTO_TEST_CASE(writing_to_a_dead_child_is_epipe_not_sigpipe) {
   // SIGPIPE keeps its default (fatal) disposition in this test: if the write raised it, the test
   // binary would die here.
   BOOST_REQUIRE(std::signal(SIGPIPE, SIG_DFL) != SIG_ERR);
   auto c = ChildProcess::spawn({"/bin/true", {}, {}});
   BOOST_REQUIRE(c.ok());
   wait_reaped(c.value());
   const char byte = 'x';
   ssize_t n = 0;
   for (int i = 0; i < 10 && n >= 0; ++i)
      n = ::send(c.value().stdin_fd(), &byte, 1, MSG_NOSIGNAL);
   BOOST_TEST(n == -1);
   BOOST_TEST((errno == EPIPE || errno == ECONNRESET));
}

BOOST_AUTO_TEST_CASE(destructor_kills_and_reaps) {
   pid_t pid = -1;
   {
      auto c = ChildProcess::spawn({"/bin/sleep", {"60"}, {}});
      BOOST_REQUIRE(c.ok());
      pid = c.value().pid();
   }
   BOOST_TEST(::waitpid(pid, nullptr, WNOHANG) == -1);
   BOOST_TEST(errno == ECHILD);
}

BOOST_AUTO_TEST_CASE(exit_fd_becomes_readable_on_exit) {
   auto c = ChildProcess::spawn({"/bin/sh", {"-c", "exit 7"}, {}});
   BOOST_REQUIRE(c.ok());
   BOOST_REQUIRE(c.value().exit_fd() >= 0);
   pollfd p{c.value().exit_fd(), POLLIN, 0};
   BOOST_TEST(::poll(&p, 1, 5000) == 1);
   BOOST_TEST(c.value().try_reap());
   BOOST_TEST(c.value().exit_description() == "exited with status 7");
}

BOOST_AUTO_TEST_CASE(unknown_program_is_worker_crashed) {
   auto c = ChildProcess::spawn({"pmat-no-such-program-anywhere", {}, {}});
   BOOST_TEST(c.code() == PMAT_STATUS_WORKER_CRASHED);
}

BOOST_AUTO_TEST_SUITE_END()
