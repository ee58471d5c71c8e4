// Test helper: runs a command with stdout+stderr captured, optionally inside pmat-sandbox-exec,
// and classifies how it ended.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
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

// Runs argv (argv[0] a path) with the current environment; inherits fds without CLOEXEC.
Outcome run(const std::vector<std::string> &argv);

// argv of `pmat-sandbox-exec --sandbox-dir DIR OPTIONS... -- PAYLOAD...`.
std::vector<std::string> sandboxed(const std::string &sandbox_dir,
                                   const std::vector<std::string> &options,
                                   const std::vector<std::string> &payload);

} // namespace pmat::sandbox::test
