// Asks a Node interpreter what it loaded (see interpreter_files.hpp): one run of `node -e`.
#include <pmat/sandbox/interpreter_files.hpp>

#include <boost/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

namespace pmat::sandbox {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Runs inside the interpreter. "mapped": every file-backed mapping (its binary, each shared
// object ld.so loaded); "builtins": the files its build loads builtins from.
constexpr const char *k_probe = R"js(
const fs = require('fs');
const mapped = fs.readFileSync('/proc/self/maps', 'utf8').split('\n')
  .map((line) => line.trim().split(/\s+/).slice(5).join(' '))
  .filter((path) => path.startsWith('/'));
const defines = (process.config.target_defaults || {}).defines || [];
const builtins = defines.map((d) => /^NODE_SHARED_BUILTIN_\w+_PATH=(\/.+)$/.exec(d))
  .filter(Boolean).map((m) => m[1]);
process.stdout.write(JSON.stringify({ mapped: [...new Set(mapped)], builtins }));
)js";

struct Run {
   std::string out;
   std::string error;
};

std::string errno_text(const std::string &what) {
   return what + ": " + std::strerror(errno);
}

// The child: stdout on `out_fd`, stdin and stderr on /dev/null, no signal blocked or ignored.
int spawn_probe(const std::string &node, int out_fd, pid_t &pid) {
   posix_spawn_file_actions_t actions;
   posix_spawn_file_actions_init(&actions);
   posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
   posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
   posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
   posix_spawnattr_t attr;
   posix_spawnattr_init(&attr);
   sigset_t none, all;
   sigemptyset(&none);
   sigfillset(&all);
   posix_spawnattr_setsigmask(&attr, &none);
   posix_spawnattr_setsigdefault(&attr, &all);
   posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
   const std::string flag = "-e";
   char *argv[] = {const_cast<char *>(node.c_str()), const_cast<char *>(flag.c_str()),
                   const_cast<char *>(k_probe), nullptr};
   char *envp[] = {nullptr};
   const int rc = posix_spawn(&pid, node.c_str(), &actions, &attr, argv, envp);
   posix_spawnattr_destroy(&attr);
   posix_spawn_file_actions_destroy(&actions);
   return rc;
}

// 1: readable (or at EOF), 0: `deadline` passed, -1: interrupted.
int wait_readable(int fd, Clock::time_point deadline) {
   const auto left =
       std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
   if (left <= 0)
      return 0;
   pollfd entry{fd, POLLIN, 0};
   const int ready = poll(&entry, 1, static_cast<int>(left));
   return ready > 0 ? 1 : (ready == 0 ? 0 : -1);
}

// Reads `fd` to EOF (or a read error); false when `deadline` passes first.
bool read_all(int fd, Clock::time_point deadline, std::string &out) {
   char buffer[8192];
   for (;;) {
      const int ready = wait_readable(fd, deadline);
      if (ready == 0)
         return false;
      if (ready < 0)
         continue;
      const ssize_t n = read(fd, buffer, sizeof buffer);
      if (n == 0)
         return true;
      if (n > 0)
         out.append(buffer, static_cast<std::size_t>(n));
      else if (errno != EINTR)
         return true;
   }
}

// "" for a clean exit. ECHILD (a host that reaps its children itself) is not held against it.
std::string reap(pid_t pid, const std::string &node) {
   int status = 0;
   while (waitpid(pid, &status, 0) < 0) {
      if (errno != EINTR)
         return "";
   }
   if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
      return "";
   return node + (WIFEXITED(status) ? " exited with status " + std::to_string(WEXITSTATUS(status))
                                    : " was killed by signal " + std::to_string(WTERMSIG(status)));
}

Run run_probe(const std::string &node, std::chrono::milliseconds limit) {
   int pipe_fds[2];
   if (pipe2(pipe_fds, O_CLOEXEC) != 0)
      return {"", errno_text("pipe")};
   pid_t pid = -1;
   const int rc = spawn_probe(node, pipe_fds[1], pid);
   close(pipe_fds[1]);
   if (rc != 0) {
      close(pipe_fds[0]);
      return {"", "cannot run " + node + ": " + std::strerror(rc)};
   }
   Run run;
   const bool complete = read_all(pipe_fds[0], Clock::now() + limit, run.out);
   close(pipe_fds[0]);
   if (!complete) {
      kill(pid, SIGKILL);
      run.error = node + " did not answer within " + std::to_string(limit.count()) + " ms";
   }
   const std::string exit_error = reap(pid, node);
   if (run.error.empty())
      run.error = exit_error;
   return run;
}

bool is_regular_file(const std::string &path) {
   struct stat info {};
   return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

// The directories resolved, the file name kept (see InterpreterFiles::files).
void add_file(const boost::json::value &entry, std::set<std::string> &files) {
   const auto *text = entry.if_string();
   if (!text || text->empty() || text->front() != '/' || !is_regular_file(text->c_str()))
      return;
   std::error_code ec;
   const fs::path path(std::string(text->c_str()));
   const fs::path parent = fs::canonical(path.parent_path(), ec);
   if (!ec)
      files.insert((parent / path.filename()).string());
}

void add_files(const boost::json::object &answer, const char *key, std::set<std::string> &files) {
   const auto *list = answer.if_contains(key);
   if (!list || !list->is_array())
      return;
   for (const auto &entry : list->get_array())
      add_file(entry, files);
}

} // namespace

InterpreterFiles interpreter_files(const std::string &node, std::chrono::milliseconds limit) {
   const Run run = run_probe(node, limit);
   if (!run.error.empty())
      return {{}, run.error};
   boost::system::error_code ec;
   const auto answer = boost::json::parse(run.out, ec);
   if (ec || !answer.is_object())
      return {{}, node + " answered something that is not JSON: " + run.out.substr(0, 200)};
   std::set<std::string> files;
   add_files(answer.get_object(), "mapped", files);
   add_files(answer.get_object(), "builtins", files);
   return {{files.begin(), files.end()}, ""};
}

} // namespace pmat::sandbox
