// `pmat-host doctor`: every check in one report, read-only apart from a scratch directory for
// the sandbox's dry run (removed again) and the shim's usual staged copy of the plugin.
//
// Which checks the configuration needs: the plugin, the flags, the cache's Redis and the admin
// token always; Node, the bridge, the sandbox and the Claude credentials only when Claude would
// be asked (engine claude, or engine auto with flags that route callers to Claude, and no kill
// switch or latched rollback). A failed check the configuration does not need is reported as a
// warning. The exit code is 1 when a needed check failed, else 0.
#pragma once

#include "check.hpp"
#include "settings.hpp"

#include <string>

namespace pmat::doctor {

struct Report {
   Options options;
   bool claude_wanted = false;
   std::string claude_why; // why Claude is or is not wanted, for the reader
   Checks checks;
   long elapsed_ms = 0; // how long the checks took (the --check-api request included)
   int exit_code = 0;
};

// Runs every check. Never throws for what it finds; only std::bad_alloc can escape.
Report run_doctor(const Options &options);

// One line per check, "✓", "!" or "✗" first, then a summary and the first failure again.
std::string render_text(const Report &report);

// The report as a JSON document (docs/doctor.schema.json).
std::string render_json(const Report &report);

} // namespace pmat::doctor
