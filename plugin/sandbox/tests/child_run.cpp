#include "child_run.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace pmat::sandbox::test {
namespace {

std::optional<LayersReport> find_report(const std::string &output) {
   std::istringstream in(output);
   for (std::string line; std::getline(in, line);) {
      if (auto report = parse_layers_report(line))
         return report;
   }
   return std::nullopt;
}

Verdict classify(int status) {
   if (WIFSIGNALED(status))
      return Verdict::Killed;
   if (!WIFEXITED(status))
      return Verdict::Broken;
   if (WEXITSTATUS(status) == 0)
      return Verdict::Escaped;
   return WEXITSTATUS(status) == 77 ? Verdict::Contained : Verdict::Broken;
}

std::string drain(int fd) {
   std::string text;
   char buffer[4096];
   for (;;) {
      ssize_t n = read(fd, buffer, sizeof(buffer));
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         break;
      text.append(buffer, static_cast<std::size_t>(n));
   }
   return text;
}

} // namespace

const char *verdict_name(Verdict verdict) {
   switch (verdict) {
   case Verdict::Escaped: return "ESCAPED";
   case Verdict::Contained: return "contained";
   case Verdict::Killed: return "killed";
   case Verdict::Broken: return "broken";
   }
   return "?";
}

std::string describe(const Outcome &outcome) {
   std::ostringstream out;
   out << verdict_name(outcome.verdict);
   if (outcome.signal != 0)
      out << " (signal " << outcome.signal << ")";
   else
      out << " (exit " << outcome.exit_code << ")";
   out << "; output:\n" << outcome.output;
   return out.str();
}

Running::Running(const std::vector<std::string> &argv) {
   int pipe_fds[2];
   if (pipe2(pipe_fds, O_CLOEXEC) != 0)
      return;
   posix_spawn_file_actions_t actions;
   posix_spawn_file_actions_init(&actions);
   posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
   posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
   std::vector<char *> args;
   for (const auto &arg : argv)
      args.push_back(const_cast<char *>(arg.c_str()));
   args.push_back(nullptr);
   int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
   posix_spawn_file_actions_destroy(&actions);
   close(pipe_fds[1]);
   if (rc != 0) {
      pid_ = -1;
      close(pipe_fds[0]);
      return;
   }
   output_fd_ = pipe_fds[0];
}

Running::~Running() {
   if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
   }
   if (output_fd_ >= 0)
      close(output_fd_);
}

bool Running::wait_for(const std::string &text, int timeout_ms) {
   char buffer[4096];
   while (output_.find(text) == std::string::npos) {
      pollfd readable{output_fd_, POLLIN, 0};
      if (output_fd_ < 0 || poll(&readable, 1, timeout_ms) != 1)
         return false;
      ssize_t n = read(output_fd_, buffer, sizeof(buffer));
      if (n <= 0)
         return false;
      output_.append(buffer, static_cast<std::size_t>(n));
   }
   return true;
}

void Running::signal(int signo) const {
   if (pid_ > 0)
      kill(pid_, signo);
}

Outcome Running::finish() {
   Outcome outcome;
   if (pid_ <= 0)
      return outcome;
   outcome.output = output_ + drain(output_fd_);
   int status = 0;
   pid_t waited = waitpid(pid_, &status, 0);
   pid_ = -1;
   if (waited <= 0)
      return outcome;
   outcome.verdict = classify(status);
   outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
   outcome.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
   outcome.report = find_report(outcome.output);
   return outcome;
}

Outcome run(const std::vector<std::string> &argv) {
   return Running(argv).finish();
}

Scratch::Scratch(const char *prefix) {
   namespace fs = std::filesystem;
   std::string pattern = (fs::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
   dir = mkdtemp(pattern.data());
   fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
}

Scratch::~Scratch() {
   std::error_code ignored;
   std::filesystem::remove_all(dir, ignored);
}

std::vector<std::string> sandboxed(const std::string &sandbox_dir,
                                   const std::vector<std::string> &options,
                                   const std::vector<std::string> &payload) {
   std::vector<std::string> argv{PMAT_SANDBOX_EXEC, "--sandbox-root", sandbox_dir};
   argv.insert(argv.end(), options.begin(), options.end());
   argv.emplace_back("--");
   argv.insert(argv.end(), payload.begin(), payload.end());
   return argv;
}

} // namespace pmat::sandbox::test
