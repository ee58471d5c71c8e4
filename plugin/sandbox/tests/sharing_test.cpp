// SPDX-License-Identifier: MIT
// Probes on what workers could share with each other or leave on the host (issue 14): a home
// that a later worker reads, a socket between two running workers, a sandbox directory an
// attacker created first, a disk fill that outlives the worker. Each runs outside first, as the
// positive control, then inside pmat-sandbox-exec, where it must be refused; the test process
// is the host and goes on answering.
#define BOOST_TEST_MODULE pmat_sandbox_sharing
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <netinet/in.h>
#include <set>
#include <sstream>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "child_run.hpp"

namespace fs = std::filesystem;
using namespace pmat::sandbox;
using namespace pmat::sandbox::test;

namespace {

constexpr uid_t k_other_user = 1000; // the local attacker, when the tests run as root

std::vector<std::string> probe(std::vector<std::string> args) {
   args.insert(args.begin(), PMAT_SANDBOX_PROBE);
   return args;
}

std::vector<std::string> inside_argv(const std::string &root, const std::vector<std::string> &args,
                                     std::vector<std::string> options = {}) {
   options.insert(options.end(), {"--ro-bind", PMAT_SANDBOX_PROBE});
   return sandboxed(root, options, probe(args));
}

Outcome inside(const std::string &root, const std::vector<std::string> &args,
               std::vector<std::string> options = {}) {
   Outcome outcome = run(inside_argv(root, args, std::move(options)));
   BOOST_TEST_MESSAGE("  inside:  " << describe(outcome));
   BOOST_REQUIRE_MESSAGE(outcome.report.has_value(), "no layers report: " << outcome.output);
   return outcome;
}

Outcome outside(const std::vector<std::string> &args) {
   Outcome outcome = run(probe(args));
   BOOST_TEST_MESSAGE("  outside: " << describe(outcome));
   return outcome;
}

void table_line(const std::string &name, const std::string &in, const std::string &out) {
   BOOST_TEST_MESSAGE("| " << name << " | " << in << " | " << out << " |");
}

void expect(const std::string &name, const Outcome &in, const Outcome &out) {
   table_line(name, verdict_name(in.verdict), verdict_name(out.verdict));
   BOOST_TEST(out.verdict == Verdict::Escaped, name << ": the positive control must succeed");
   BOOST_TEST(in.verdict == Verdict::Contained, name << ": must be refused inside");
}

// The host goes on answering: a fresh sandboxed run still works after the probe.
void host_still_answers(const std::string &root) {
   Outcome after = inside(root, {"leaked_fds"});
   BOOST_TEST(after.report->ok);
   BOOST_TEST(after.verdict == Verdict::Contained);
}

bool is_root() {
   return geteuid() == 0;
}

// Runs `action` in a child as `uid` and returns whether it succeeded (the attacker's view).
template <typename Action> bool as_user(uid_t uid, Action action) {
   pid_t pid = fork();
   if (pid == 0)
      _exit(setresgid(uid, uid, uid) == 0 && setresuid(uid, uid, uid) == 0 && action() ? 0 : 1);
   int status = 0;
   waitpid(pid, &status, 0);
   return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Real uid, from /proc/PID/status, of every non-root process whose command line has `word`: the
// payloads of running sandboxes (their launchers, which carry the same words, are root).
std::map<pid_t, uid_t> payload_uids(const std::string &word) {
   std::map<pid_t, uid_t> found;
   for (const auto &entry : fs::directory_iterator("/proc")) {
      const std::string name = entry.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos)
         continue;
      std::ifstream cmdline(entry.path() / "cmdline");
      const std::string command((std::istreambuf_iterator<char>(cmdline)), {});
      std::ifstream status(entry.path() / "status");
      std::string line;
      while (command.find(word) != std::string::npos && std::getline(status, line))
         if (line.rfind("Uid:", 0) == 0 && std::stoul(line.substr(4)) != 0)
            found[std::stoi(name)] = static_cast<uid_t>(std::stoul(line.substr(4)));
   }
   return found;
}

// A host daemon running as nobody: can it signal `pid`?
bool nobody_can_signal(pid_t pid) {
   return as_user(65534, [pid] { return ::kill(pid, 0) == 0; });
}

} // namespace

BOOST_AUTO_TEST_CASE(a_plant_is_not_read_by_a_later_worker) {
   Scratch scratch;
   const std::string plant = scratch.path("CLAUDE.md");
   outside({"plant", plant});
   Outcome out = outside({"read_plant", plant});
   const std::string root = scratch.path("root");
   Outcome first = inside(root, {"plant", "CLAUDE.md"});
   BOOST_TEST(first.verdict == Verdict::Escaped); // a worker may write its own home
   Outcome in = inside(root, {"read_plant", "CLAUDE.md"});
   expect("a plant read by a later worker", in, out);
   BOOST_TEST(fs::is_empty(root), "every worker's directory is removed when it ends");
   host_still_answers(root);
}

BOOST_AUTO_TEST_CASE(two_running_workers_share_no_socket) {
   Scratch scratch;
   const std::string shared = scratch.path("s");
   Running listener_out(probe({"unix_listen", shared, "10"}));
   BOOST_REQUIRE(listener_out.wait_for("listening", 10000));
   Outcome out = outside({"unix_connect", shared});
   BOOST_TEST(listener_out.finish().verdict == Verdict::Escaped);

   const std::string root = scratch.path("root");
   Running listener_in(inside_argv(root, {"unix_listen", "s", "2"}));
   BOOST_REQUIRE(listener_in.wait_for("listening", 10000));
   Outcome in = inside(root, {"unix_connect", "s"});
   Outcome listened = listener_in.finish();
   BOOST_TEST_MESSAGE("  listener inside: " << describe(listened));
   BOOST_TEST(listened.verdict == Verdict::Contained, "no one reached the listening worker");
   expect("a socket between two running workers", in, out);
   host_still_answers(root);
}

// Root's workers are not the nobody host daemons share: each runs as a host uid of its own
// (docs/security.md, "Identity"), so a nobody daemon cannot signal them, nor they it.
BOOST_AUTO_TEST_CASE(each_worker_has_a_host_uid_of_its_own,
                     *boost::unit_test::precondition([](auto) { return is_root(); })) {
   Scratch scratch;
   const std::string root = scratch.path("root");
   Running first(inside_argv(root, {"unix_listen", "a", "3"}));
   Running second(inside_argv(root, {"unix_listen", "b", "3"}));
   BOOST_REQUIRE(first.wait_for("listening", 10000));
   BOOST_REQUIRE(second.wait_for("listening", 10000));
   const auto workers = payload_uids("unix_listen");
   BOOST_REQUIRE_EQUAL(workers.size(), 2U);
   std::set<uid_t> uids;
   for (const auto &[pid, uid] : workers) {
      uids.insert(uid);
      BOOST_TEST(uid >= 0x70000000U, "uid " << uid << " is in the workers' range");
      BOOST_TEST(uid < 0x70000000U + (1U << 22));
      BOOST_TEST(!nobody_can_signal(pid), "a nobody daemon cannot signal worker " << pid);
   }
   BOOST_TEST(uids.size() == 2U, "two running workers, two uids");
   // The positive control: nobody can signal another nobody process.
   int ready[2];
   BOOST_REQUIRE(pipe(ready) == 0);
   pid_t daemon = fork();
   if (daemon == 0) {
      if (setresgid(65534, 65534, 65534) == 0 && setresuid(65534, 65534, 65534) == 0 &&
          write(ready[1], "u", 1) == 1)
         pause();
      _exit(1);
   }
   char byte = 0;
   BOOST_REQUIRE(read(ready[0], &byte, 1) == 1); // it is nobody now
   close(ready[0]);
   close(ready[1]);
   BOOST_TEST(nobody_can_signal(daemon));
   ::kill(daemon, SIGKILL);
   waitpid(daemon, nullptr, 0);
   first.finish();
   second.finish();
   host_still_answers(root);
}

BOOST_AUTO_TEST_CASE(a_symlink_planted_as_the_sandbox_root_is_refused,
                     *boost::unit_test::precondition([](auto) { return is_root(); })) {
   Scratch scratch;
   const std::string target = scratch.path("root-owned");
   fs::create_directory(target);
   const std::string link = scratch.path("root");
   fs::create_symlink(target, link);
   // Positive control: a chown by path follows the link (the launcher's old bug).
   BOOST_REQUIRE(chown(link.c_str(), 65534, 65534) == 0);
   struct stat info {};
   stat(target.c_str(), &info);
   const bool followed = info.st_uid == 65534;
   BOOST_REQUIRE(chown(target.c_str(), 0, 0) == 0);
   Outcome in = run(inside_argv(link, {"leaked_fds"}));
   BOOST_TEST_MESSAGE("  inside:  " << describe(in));
   stat(target.c_str(), &info);
   table_line("a symlink pre-created as the sandbox directory",
              in.exit_code == k_exit_layer_failed ? "refused" : "adopted",
              followed ? "ESCAPED" : "not followed");
   BOOST_TEST(followed, "the positive control must follow the link");
   BOOST_TEST(in.exit_code == k_exit_layer_failed);
   BOOST_TEST(info.st_uid == 0U, "the link's target keeps its owner");
   BOOST_TEST(fs::is_empty(target));
   host_still_answers(scratch.path("real-root"));
}

BOOST_AUTO_TEST_CASE(a_0777_directory_planted_as_the_sandbox_root_is_refused,
                     *boost::unit_test::precondition([](auto) { return is_root(); })) {
   Scratch scratch;
   const std::string root = scratch.path("root");
   // The attacker's own directory, open to all, and one of root's left world-writable.
   for (const bool attacker_owned : {true, false}) {
      fs::create_directory(root);
      fs::permissions(root, fs::perms::all);
      if (attacker_owned)
         BOOST_REQUIRE(chown(root.c_str(), k_other_user, k_other_user) == 0);
      const std::string plant = root + "/planted";
      const bool control = as_user(k_other_user, [&] { return fs::create_directory(plant); });
      Outcome in = run(inside_argv(root, {"leaked_fds"}));
      BOOST_TEST_MESSAGE("  inside:  " << describe(in));
      table_line(attacker_owned ? "a 0777 sandbox directory of another user"
                                : "a 0777 sandbox directory of root",
                 in.exit_code == k_exit_layer_failed ? "refused" : "adopted",
                 control ? "ESCAPED" : "refused");
      BOOST_TEST(control, "the positive control: the attacker can write in it");
      BOOST_TEST(in.exit_code == k_exit_layer_failed);
      fs::remove_all(root);
   }
   host_still_answers(scratch.path("real-root"));
}

BOOST_AUTO_TEST_CASE(a_disk_fill_does_not_outlive_the_worker) {
   Scratch scratch;
   const std::string fill = scratch.path("fill");
   Outcome out = outside({"fill", fill, "64"});
   const bool survived = fs::exists(fill) && fs::file_size(fill) == 64U << 20;
   const std::string root = scratch.path("root");
   // In the view the home is a 16 MiB tmpfs; without a mount namespace it is the host directory,
   // removed when the worker ends.
   Outcome in = inside(root, {"fill", "fill", "64"}, {"--home-size", "16"});
   const bool view_empty = fs::is_empty(root);
   Outcome bare =
       inside(root, {"fill", "fill", "8"}, {"--no-mountns", "--degraded-ok", "--network", "host"});
   BOOST_TEST_MESSAGE("  inside, no mount namespace: " << describe(bare));
   table_line("a disk fill that outlives the worker",
              view_empty && fs::is_empty(root) ? "removed" : "LEFT ON DISK",
              survived ? "ESCAPED (64 MiB left)" : "gone");
   BOOST_TEST(out.verdict == Verdict::Escaped);
   BOOST_TEST(survived, "the positive control leaves its file behind");
   BOOST_TEST(in.verdict == Verdict::Contained, "the tmpfs home is full at 16 MiB");
   BOOST_TEST(bare.verdict == Verdict::Escaped); // 8 MiB may be written there...
   BOOST_TEST(view_empty);
   BOOST_TEST(fs::is_empty(root), "...but nothing survives the worker");
   host_still_answers(root);
}

BOOST_AUTO_TEST_CASE(memory_beyond_the_cgroup_limit,
                     *boost::unit_test::precondition([](auto) { return is_root(); })) {
   Scratch scratch;
   const std::string root = scratch.path("root");
   const std::vector<std::string> limited{"--cgroup-parent", "auto", "--cgroup-memory", "128",
                                          "--rlimit-data",   "256"};
   // memfd: shared memory that RLIMIT_DATA does not count, in and out of the sandbox without a
   // cgroup (the gap), then with one.
   Outcome memfd_out = outside({"memfd", "256"});
   Outcome memfd_rlimit_only = inside(root, {"memfd", "256"}, {"--rlimit-data", "64"});
   Outcome memfd_in = inside(root, {"memfd", "256"}, limited);
   BOOST_TEST(memfd_in.report->is_active(Layer::Cgroup));
   BOOST_TEST(memfd_rlimit_only.verdict == Verdict::Escaped, "RLIMIT_DATA alone lets it through");
   table_line("memfd beyond the cgroup limit (256 MiB, limit 128)", verdict_name(memfd_in.verdict),
              verdict_name(memfd_out.verdict));
   BOOST_TEST(memfd_out.verdict == Verdict::Escaped);
   BOOST_TEST((memfd_in.verdict == Verdict::Killed || memfd_in.verdict == Verdict::Contained));
   // Three processes of 100 MiB each: every one is under RLIMIT_DATA, together over the cgroup.
   Outcome procs_out = outside({"procs_memory", "3", "100"});
   Outcome procs_in = inside(root, {"procs_memory", "3", "100"}, limited);
   table_line("3 processes x 100 MiB beyond the cgroup limit (128)", verdict_name(procs_in.verdict),
              verdict_name(procs_out.verdict));
   BOOST_TEST(procs_out.verdict == Verdict::Escaped);
   BOOST_TEST((procs_in.verdict == Verdict::Killed || procs_in.verdict == Verdict::Contained));
   BOOST_TEST(fs::is_empty(root));
   host_still_answers(root);
}

BOOST_AUTO_TEST_CASE(the_report_names_the_cgroup_memory_file_and_it_is_removed_after,
                     *boost::unit_test::precondition([](auto) { return is_root(); })) {
   Scratch scratch;
   Outcome in = inside(scratch.path("root"), {"leaked_fds"}, {"--cgroup-parent", "auto"});
   BOOST_TEST(in.report->is_active(Layer::Cgroup));
   BOOST_TEST(!in.report->cgroup_memory.empty());
   BOOST_TEST(!fs::exists(fs::path(in.report->cgroup_memory).parent_path()),
              "the worker's cgroup is removed when it ends");
}

// On cgroup v1 sandbox-init moves itself in (cgroup.hpp says why): the payload, its child, must
// be in the worker's cgroup of every hierarchy the launcher prepared.
BOOST_AUTO_TEST_CASE(the_payload_runs_in_the_workers_cgroup_in_every_hierarchy,
                     *boost::unit_test::precondition([](auto) { return is_root(); })) {
   Scratch scratch;
   Outcome in =
       run(sandboxed(scratch.path("root"), {"--cgroup-parent", "auto", "--ro-bind", "/usr/bin/cat"},
                     {"/usr/bin/cat", "/proc/self/cgroup"}));
   BOOST_REQUIRE(in.report.has_value());
   BOOST_TEST(in.report->is_active(Layer::Cgroup));
   const std::string worker = "/pmat-w-" + std::to_string(in.report->launcher_pid);
   std::set<std::string> joined; // the hierarchies whose line names the worker's cgroup
   std::istringstream lines(in.output);
   for (std::string line; std::getline(lines, line);) {
      const auto first = line.find(':'), second = line.find(':', first + 1);
      if (second != std::string::npos && line.find(worker, second) != std::string::npos)
         joined.insert(line.substr(first + 1, second - first - 1));
   }
   BOOST_TEST_MESSAGE("the payload's cgroups:\n" << in.output);
   const bool v2 = joined.count("") == 1;
   BOOST_TEST((v2 || (joined.count("memory") == 1 && joined.count("pids") == 1)),
              "memory and pids (v1), or the unified hierarchy (v2)");
   if (!v2 && fs::exists("/sys/fs/cgroup/cpu/cpu.shares"))
      BOOST_TEST(joined.count("cpu") + joined.count("cpu,cpuacct") == 1U, "and the CPU weight");
}

// A loopback service on the host that a worker must not reach.
struct LoopbackService {
   int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
   unsigned short port = 0;
   LoopbackService() {
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      socklen_t length = sizeof(address);
      bind(fd, reinterpret_cast<sockaddr *>(&address), length);
      listen(fd, 4096);
      getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
      port = ntohs(address.sin_port);
   }
   ~LoopbackService() { close(fd); }
   // Connections waiting to be accepted, accepted and closed now.
   [[nodiscard]] int accept_all() const {
      int count = 0;
      while (reached())
         ++count;
      return count;
   }
   [[nodiscard]] bool reached() const {
      int connection = accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (connection >= 0)
         close(connection);
      return connection >= 0;
   }
};

BOOST_AUTO_TEST_CASE(degraded_mode_without_a_user_namespace_keeps_the_network_namespace,
                     *boost::unit_test::precondition([](auto) { return is_root(); })) {
   Scratch scratch;
   LoopbackService service;
   const std::string port = std::to_string(service.port);
   Outcome out = outside({"tcp_connect", port});
   BOOST_TEST(service.reached());
   // The user namespace is refused; degraded mode may give up that layer and only that one.
   std::vector<std::string> argv =
       inside_argv(scratch.path("root"), {"tcp_connect", port},
                   {"--degraded-ok", "--require", "mountns,pidns,netns,filesystem,seccomp"});
   argv.insert(argv.begin(), PMAT_SANDBOX_NO_USERNS);
   Outcome in = run(argv);
   BOOST_TEST_MESSAGE("  inside (no user namespace):  " << describe(in));
   BOOST_REQUIRE(in.report.has_value());
   BOOST_TEST(in.report->degraded);
   BOOST_TEST(in.report->unavailable.count(Layer::UserNs) == 1U);
   for (Layer kept : {Layer::MountNs, Layer::PidNs, Layer::NetNs, Layer::IpcNs, Layer::UtsNs,
                      Layer::Filesystem, Layer::Identity, Layer::Seccomp})
      BOOST_TEST(in.report->is_active(kept), "kept: " << layer_name(kept));
   BOOST_TEST(!service.reached());
   expect("degraded mode (no user namespace) reaching a loopback service", in, out);
   // The plugin's default --require includes userns: then nothing runs at all.
   argv = inside_argv(scratch.path("root"), {"tcp_connect", port},
                      {"--degraded-ok", "--require", "userns,mountns,pidns,netns,seccomp"});
   argv.insert(argv.begin(), PMAT_SANDBOX_NO_USERNS);
   BOOST_TEST(run(argv).exit_code == k_exit_layer_failed);
   BOOST_TEST(fs::is_empty(scratch.path("root")));
   host_still_answers(scratch.path("root"));
}

int threads_of(long pid) {
   std::ifstream status("/proc/" + std::to_string(pid) + "/status");
   std::string key;
   int threads = 0;
   while (status >> key && key != "Threads:")
      status.ignore(4096, '\n');
   status >> threads;
   return threads;
}

BOOST_AUTO_TEST_CASE(fifteen_hundred_connections_to_the_egress_relay) {
   Scratch scratch;
   LoopbackService control_service;
   Outcome out = outside({"many_connections", std::to_string(control_service.port), "1500"});
   BOOST_TEST(control_service.accept_all() == 1500);
   LoopbackService api;
   const std::string port = std::to_string(api.port);
   const std::vector<std::string> egress{"--network",         "egress",          "--egress",
                                         "127.0.0.1:" + port, "--rlimit-nofile", "2048"};
   Running flood(
       inside_argv(scratch.path("root"), {"many_connections", port, "1500", "--hold"}, egress));
   BOOST_REQUIRE(flood.wait_for("holding", 30000));
   const auto report = parse_layers_report(flood.output().substr(0, flood.output().find('\n')));
   BOOST_REQUIRE(report.has_value());
   const int threads = threads_of(report->launcher_pid);
   const int relayed = api.accept_all();
   flood.signal(SIGTERM);
   Outcome in = flood.finish();
   BOOST_TEST_MESSAGE("  inside:  " << describe(in));
   BOOST_TEST_MESSAGE("  launcher threads while flooded: " << threads << ", relayed: " << relayed);
   // Held until the host stopped it: the verdict is how many connections got anywhere.
   const auto at = in.output.find("established ");
   BOOST_REQUIRE(at != std::string::npos);
   const int established = std::stoi(in.output.substr(at + 12));
   table_line("1,500 connections to the egress relay",
              established < 1500 ? "contained (" + std::to_string(established) + " connected)"
                                 : "ESCAPED",
              verdict_name(out.verdict));
   BOOST_TEST(out.verdict == Verdict::Escaped);
   BOOST_TEST(established < 1500);
   BOOST_TEST(threads <= 2 * 32 + 1, "the relay runs at most two threads per connection");
   BOOST_TEST(relayed <= 32, "at most 32 connections relayed at once");
   // The host goes on answering, and so does a new worker's relay.
   Outcome after = inside(scratch.path("root"), {"tcp_connect", port}, egress);
   BOOST_TEST(after.verdict == Verdict::Escaped);
   BOOST_TEST(api.reached());
   BOOST_TEST(fs::is_empty(scratch.path("root")));
}

bool cgroup_empty(const std::string &dir) {
   std::ifstream procs(dir + "/cgroup.procs");
   pid_t pid = 0;
   return !(procs >> pid);
}

BOOST_AUTO_TEST_CASE(what_a_killed_launcher_left_is_removed_by_the_next_launch,
                     *boost::unit_test::precondition([](auto) { return is_root(); })) {
   Scratch scratch;
   const std::string root = scratch.path("root");
   Running killed(inside_argv(root, {"wait", "token"}, {"--cgroup-parent", "auto"}));
   BOOST_REQUIRE(killed.wait_for("waiting", 20000));
   const auto report = parse_layers_report(killed.output().substr(0, killed.output().find('\n')));
   BOOST_REQUIRE(report.has_value());
   const std::string cgroup = fs::path(report->cgroup_memory).parent_path().string();
   killed.signal(SIGKILL); // no clean-up: its worker dies with it (PR_SET_PDEATHSIG)
   killed.finish();
   BOOST_TEST(!fs::is_empty(root));
   BOOST_TEST(fs::exists(cgroup));
   const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
   while (!cgroup_empty(cgroup) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10)); // the worker's tasks exiting
   Outcome next = inside(root, {"leaked_fds"}, {"--cgroup-parent", "auto"});
   BOOST_TEST(next.report->ok);
   BOOST_TEST(fs::is_empty(root), "the orphaned directory is gone");
   BOOST_TEST(!fs::exists(cgroup), "the orphaned cgroup is gone");
}
