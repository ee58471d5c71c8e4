// Test helper: runs a command with stdout+stderr captured, optionally inside pmat-sandbox-exec,
// and classifies how it ended.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <sys/types.h>
#include <vector>

#include <pmat/sandbox/layers_report.hpp>

namespace pmat::sandbox::test {

enum class Verdict {
   Escaped,   // exit 0: the forbidden thing worked
   Contained, // exit 77: refused
   Killed,    // died of a signal (SIGSYS from seccomp, ...)
   Broken,    // anything else: the probe or the sandbox failed to run
};

struct Outcome {
   Verdict verdict = Verdict::Broken;
   int exit_code = -1;
   int signal = 0;
   std::string output;
   std::optional<LayersReport> report; // the launcher's line, when there was one
};

const char *verdict_name(Verdict verdict);
inline std::ostream &operator<<(std::ostream &out, Verdict verdict) {
   return out << verdict_name(verdict);
}
std::string describe(const Outcome &outcome);

// A private temp dir per test case (0755: the sandbox's nobody must enter it), removed after.
struct Scratch {
   std::filesystem::path dir;
   explicit Scratch(const char *prefix = "pmat-sandbox-test");
   ~Scratch();
   Scratch(const Scratch &) = delete;
   Scratch &operator=(const Scratch &) = delete;
   [[nodiscard]] std::string path(const std::string &name) const { return (dir / name).string(); }
};

// A command started with stdout+stderr captured, for tests that need two at once. The
// destructor kills and reaps it if finish() was not called.
class Running {
 public:
   explicit Running(const std::vector<std::string> &argv);
   ~Running();
   Running(const Running &) = delete;
   Running &operator=(const Running &) = delete;
   // Reads output until it contains `text`; false on EOF or when timeout_ms pass without output.
   bool wait_for(const std::string &text, int timeout_ms);
   // Reads the rest of the output, reaps the command and classifies how it ended.
   Outcome finish();
   [[nodiscard]] pid_t pid() const { return pid_; }
   // What wait_for() has read so far.
   [[nodiscard]] const std::string &output() const { return output_; }
   // Sends `signo` to the command (the launcher forwards it to the payload).
   void signal(int signo) const;

 private:
   pid_t pid_ = -1;
   int output_fd_ = -1;
   std::string output_;
};

// Runs argv (argv[0] a path) with the current environment; inherits fds without CLOEXEC.
Outcome run(const std::vector<std::string> &argv);

// argv of `pmat-sandbox-exec --sandbox-root DIR OPTIONS... -- PAYLOAD...`.
std::vector<std::string> sandboxed(const std::string &sandbox_dir,
                                   const std::vector<std::string> &options,
                                   const std::vector<std::string> &payload);

} // namespace pmat::sandbox::test
