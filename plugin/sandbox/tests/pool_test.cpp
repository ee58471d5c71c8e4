// SPDX-License-Identifier: MIT
// The worker pool with the sandbox in front of each worker: the launcher's report travels on its
// own descriptor (--report-fd 3, never the worker's stderr), and the pool's memory recycling reads
// the worker's cgroup, not the launcher's resident size.
#define BOOST_TEST_MODULE pmat_sandbox_pool
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <unistd.h>

#include <pmat/bridge/pool.hpp>
#include <pmat/sandbox/command_line.hpp>
#include <pmat/sandbox/layers_report.hpp>

#include "child_run.hpp"

namespace fs = std::filesystem;
using namespace pmat::sandbox;

namespace {

constexpr std::uint64_t k_recycle_above_mib = 5;

struct Seen {
   std::mutex mutex;
   std::vector<std::string> reports;
   std::vector<std::string> log;
};

std::uint64_t vm_rss_mib(long pid) {
   std::ifstream status("/proc/" + std::to_string(pid) + "/status");
   std::string key;
   std::uint64_t kb = 0;
   while (status >> key && key != "VmRSS:")
      status.ignore(4096, '\n');
   status >> kb;
   return kb / 1024;
}

std::uint64_t file_mib(const std::string &path) {
   std::ifstream in(path);
   std::uint64_t bytes = 0;
   in >> bytes;
   return bytes >> 20;
}

pmat::bridge::PoolConfig sandboxed_pool(const std::string &root) {
   const std::string node = fs::canonical(PMAT_NODE).string();
   SandboxConfig sandbox;
   sandbox.launcher = PMAT_SANDBOX_EXEC;
   sandbox.sandbox_root = root;
   sandbox.ro_binds = {node, fs::path(PMAT_FAKE_BRIDGE).parent_path().string()};
   sandbox.cgroup_parent = "auto";
   sandbox.require = {Layer::Cgroup, Layer::Seccomp, Layer::Filesystem};
   sandbox.report_fd = 3;
   pmat::bridge::PoolConfig config;
   config.node = node;
   config.bridge_path = PMAT_FAKE_BRIDGE;
   config.pool_size = 1;
   config.init_timeout_ms = 10000;
   config.launcher = build_command_line(sandbox, {});
   config.launcher_report = true;
   config.max_rss_mb = k_recycle_above_mib;
   config.rss_check_interval_ms = 50;
   return config;
}

bool is_root() {
   return geteuid() == 0;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_report_arrives_on_its_descriptor_and_recycling_reads_the_cgroup,
                     *boost::unit_test::precondition([](auto) { return is_root(); })) {
   pmat::sandbox::test::Scratch scratch;
   Seen seen;
   pmat::bridge::PoolHooks hooks;
   hooks.log = [&seen](pmat::bridge::LogLevel, std::string_view text) {
      std::lock_guard lock(seen.mutex);
      seen.log.emplace_back(text);
   };
   hooks.on_launcher_report = [&seen](std::string_view line) {
      std::lock_guard lock(seen.mutex);
      seen.reports.emplace_back(line);
   };
   auto pool = pmat::bridge::WorkerPool::start(sandboxed_pool(scratch.path("root")), hooks);
   BOOST_REQUIRE_MESSAGE(pool.ok(), pool.status().message);
   std::optional<LayersReport> report;
   {
      std::lock_guard lock(seen.mutex);
      BOOST_REQUIRE(!seen.reports.empty());
      report = parse_layers_report(seen.reports.front());
      for (const auto &line : seen.log)
         BOOST_TEST(line.find(k_report_prefix) == std::string::npos,
                    "a report in the log: " << line);
   }
   BOOST_REQUIRE(report.has_value());
   BOOST_TEST(report->ok);
   BOOST_TEST(report->is_active(Layer::Cgroup));
   BOOST_REQUIRE(!report->cgroup_memory.empty());
   // The launcher's own resident size stays under the limit while the sandbox's use is over it,
   // so only a pool that reads the cgroup recycles the worker.
   const std::uint64_t launcher_mib = vm_rss_mib(report->launcher_pid);
   const std::uint64_t cgroup_mib = file_mib(report->cgroup_memory);
   BOOST_TEST_MESSAGE("launcher VmRSS " << launcher_mib << " MiB, worker cgroup " << cgroup_mib
                                        << " MiB, recycling above " << k_recycle_above_mib);
   BOOST_TEST(launcher_mib < k_recycle_above_mib);
   BOOST_TEST(cgroup_mib > k_recycle_above_mib);
   const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
   while (pool.value()->stats().recycled == 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20)); // polls the observable counter
   BOOST_TEST(pool.value()->stats().recycled >= 1U);
   pool.value()->shutdown();
   BOOST_TEST(fs::is_empty(scratch.path("root")));
}
