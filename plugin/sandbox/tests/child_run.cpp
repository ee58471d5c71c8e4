#include "child_run.hpp"

#include <cerrno>
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

Outcome run(const std::vector<std::string> &argv) {
   int pipe_fds[2];
   Outcome outcome;
   if (pipe2(pipe_fds, O_CLOEXEC) != 0)
      return outcome;
   posix_spawn_file_actions_t actions;
   posix_spawn_file_actions_init(&actions);
   posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
   posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
   std::vector<char *> args;
   for (const auto &arg : argv)
      args.push_back(const_cast<char *>(arg.c_str()));
   args.push_back(nullptr);
   pid_t pid = -1;
   int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
   posix_spawn_file_actions_destroy(&actions);
   close(pipe_fds[1]);
   if (rc == 0)
      outcome.output = drain(pipe_fds[0]);
   close(pipe_fds[0]);
   int status = 0;
   if (rc != 0 || waitpid(pid, &status, 0) != pid)
      return outcome;
   outcome.verdict = classify(status);
   outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
   outcome.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
   outcome.report = find_report(outcome.output);
   return outcome;
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
   std::vector<std::string> argv{PMAT_SANDBOX_EXEC, "--sandbox-dir", sandbox_dir};
   argv.insert(argv.end(), options.begin(), options.end());
   argv.emplace_back("--");
   argv.insert(argv.end(), payload.begin(), payload.end());
   return argv;
}

} // namespace pmat::sandbox::test
