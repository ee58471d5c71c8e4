// The rollout flags: where they come from (a source: today the flags file; a Redis source is
// planned and slots in as a second FlagsSource), whether that source is healthy, and the
// document the plugin would apply (kill switch, strategy, rollback latch) as the loaded plugin
// itself reports it. Needed by every engine: a rejected document means the rollout is not what
// the operator wrote.
#pragma once

#include "check.hpp"
#include "plugin_session.hpp"

#include <memory>
#include <string>

namespace pmat::doctor {

class FlagsSource {
 public:
   virtual ~FlagsSource() = default;
   // "file"; the JSON output's flags.source kind.
   [[nodiscard]] virtual std::string kind() const = 0;
   // Where the document lives (a path for a file), for the reader.
   [[nodiscard]] virtual std::string location() const = 0;
   // The source's health: reachable, readable, and a document the plugin accepts (`session`
   // carries the plugin's own verdict, when a plugin loaded).
   [[nodiscard]] virtual Check health(const PluginSession &session) const = 0;
};

// The source the configuration selects: flags.file (PMAT_FLAGS_FILE) or the default path.
std::unique_ptr<FlagsSource> configured_flags_source();

// The source's line, then the applied document's line.
void check_flags(const PluginSession &session, Checks &out);

} // namespace pmat::doctor
