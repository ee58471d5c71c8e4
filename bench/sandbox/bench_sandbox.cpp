// SPDX-License-Identifier: MIT
// Sandbox costs, all in one run so the figures are comparable:
//   spawn: posix_spawn + wait of /bin/true, bare vs through pmat-sandbox-exec (all layers; and
//          without the network namespace, whose creation and teardown dominate);
// Spawn figures are wall time (UseRealTime): the parent mostly waits.
//   filter: getppid() in a loop, without and with the launcher's seccomp filter. The filter
//          cannot be removed once loaded, so that benchmark is registered last.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <spawn.h>
#include <string>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "seccomp_filter.hpp"

extern char **environ;

namespace {

const std::string k_sandbox_dir =
    (std::filesystem::temp_directory_path() / ("pmat-bench-sandbox-" + std::to_string(getpid())))
        .string();

// `settle`: an untimed pause before each spawn. Back-to-back spawns hide costs that a pool pays
// per worker: the kernel amortises an RCU grace period over cgroup migrations that come within
// one, so the cgroup variants are also measured 100 ms apart, as a pool spawns.
void spawn_and_wait(benchmark::State &state, const std::vector<std::string> &argv,
                    std::chrono::milliseconds settle = std::chrono::milliseconds(0)) {
   std::vector<char *> args;
   for (const auto &arg : argv)
      args.push_back(const_cast<char *>(arg.c_str()));
   args.push_back(nullptr);
   posix_spawn_file_actions_t actions;
   posix_spawn_file_actions_init(&actions);
   posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0); // the layers report
   for (auto _ : state) {
      if (settle.count() != 0) {
         state.PauseTiming();
         std::this_thread::sleep_for(settle);
         state.ResumeTiming();
      }
      pid_t pid = -1;
      int status = 0;
      if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0 ||
          waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
         state.SkipWithError("spawn failed");
         break;
      }
   }
   posix_spawn_file_actions_destroy(&actions);
}

std::vector<std::string> sandboxed(std::vector<std::string> options) {
   std::vector<std::string> argv{PMAT_SANDBOX_EXEC, "--sandbox-root", k_sandbox_dir, "--ro-bind",
                                 "/usr/bin/true"};
   argv.insert(argv.end(), options.begin(), options.end());
   argv.insert(argv.end(), {"--", "/usr/bin/true"});
   return argv;
}

void BM_spawn_bare(benchmark::State &state) {
   spawn_and_wait(state, {"/usr/bin/true"});
}
void BM_spawn_sandboxed(benchmark::State &state) {
   spawn_and_wait(state, sandboxed({}));
}
// The worker's own cgroup (issue 14): created, limited, joined, killed and removed per spawn.
void BM_spawn_sandboxed_cgroup(benchmark::State &state) {
   spawn_and_wait(state, sandboxed({"--cgroup-parent", "auto"}));
}
constexpr std::chrono::milliseconds k_apart(100);
void BM_spawn_bare_apart(benchmark::State &state) {
   spawn_and_wait(state, {"/usr/bin/true"}, k_apart);
}
void BM_spawn_sandboxed_apart(benchmark::State &state) {
   spawn_and_wait(state, sandboxed({}), k_apart);
}
void BM_spawn_sandboxed_cgroup_apart(benchmark::State &state) {
   spawn_and_wait(state, sandboxed({"--cgroup-parent", "auto"}), k_apart);
}
void BM_spawn_sandboxed_host_network(benchmark::State &state) {
   spawn_and_wait(state, sandboxed({"--network", "host"}));
}
void BM_spawn_sandboxed_no_namespaces(benchmark::State &state) {
   spawn_and_wait(state, sandboxed({"--no-userns", "--no-mountns", "--no-pidns", "--no-ipcns",
                                    "--no-utsns", "--network", "host", "--degraded-ok"}));
}

// What every launch pays for the filter before any syscall is filtered: parsing the policy into
// libseccomp rules, then compiling them to BPF (export to /dev/null stands in for the load).
void BM_filter_build(benchmark::State &state) {
   const auto policy = pmat::sandbox::launcher::builtin_policy();
   for (auto _ : state) {
      pmat::sandbox::launcher::SeccompFilter filter;
      if (!filter.build(policy).empty())
         return state.SkipWithError("build failed");
   }
}
void BM_filter_build_and_compile(benchmark::State &state) {
   const auto policy = pmat::sandbox::launcher::builtin_policy();
   const int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
   for (auto _ : state) {
      pmat::sandbox::launcher::SeccompFilter filter;
      if (!filter.build(policy).empty() || !filter.export_bpf(null_fd).empty())
         return state.SkipWithError("build or export failed");
   }
   close(null_fd);
}

void BM_getppid_unfiltered(benchmark::State &state) {
   for (auto _ : state)
      benchmark::DoNotOptimize(syscall(SYS_getppid));
}

void BM_getppid_filtered(benchmark::State &state) {
   static bool loaded = [] {
      pmat::sandbox::launcher::SeccompFilter filter;
      return filter.build(pmat::sandbox::launcher::builtin_policy()).empty() &&
             prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && filter.load().empty();
   }();
   if (!loaded)
      return state.SkipWithError("could not load the filter");
   for (auto _ : state)
      benchmark::DoNotOptimize(syscall(SYS_getppid));
}

} // namespace

BENCHMARK(BM_spawn_bare)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_spawn_sandboxed)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_spawn_sandboxed_cgroup)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_spawn_bare_apart)->Unit(benchmark::kMicrosecond)->Iterations(30)->UseRealTime();
BENCHMARK(BM_spawn_sandboxed_apart)->Unit(benchmark::kMicrosecond)->Iterations(30)->UseRealTime();
BENCHMARK(BM_spawn_sandboxed_cgroup_apart)
    ->Unit(benchmark::kMicrosecond)
    ->Iterations(30)
    ->UseRealTime();
BENCHMARK(BM_spawn_sandboxed_host_network)
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(1.0)
    ->UseRealTime();
BENCHMARK(BM_spawn_sandboxed_no_namespaces)
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(1.0)
    ->UseRealTime();
BENCHMARK(BM_filter_build)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_filter_build_and_compile)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_getppid_unfiltered);
BENCHMARK(BM_getppid_filtered); // last: the filter stays on for the rest of the process

BENCHMARK_MAIN();
