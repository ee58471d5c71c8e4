// SPDX-License-Identifier: MIT
// The pmat_host the suite hands to init. It logs into the report, offers a monotonic clock that
// tests can move forward, answers config_get from --config plus a few built-in keys, and records
// every call that breaks the pmat_host contract (bad arguments, calls outside init..deinit).
#pragma once

#include <pmat/plugin_api.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace pmat::conformance {

class SuiteHost {
 public:
   static SuiteHost &instance();

   // The host struct for init. `version` and `extra_bytes` (zeroed members appended after the v1
   // struct) let the negotiation tests pose as older, newer or foreign hosts.
   const pmat_host *prepare(pmat_abi_version version, std::uint32_t extra_bytes = 0);
   const pmat_host *prepare_default() { return prepare(pmat_abi_version_compiled()); }

   // The window in which a plugin may use the host: from the init call until deinit returns, or
   // until a failed init returns. Counted, because the state test runs two generations at once.
   void begin_init();
   void end_init(bool succeeded);
   void end_deinit();
   void advance_clock(std::uint64_t ns);
   void set_config(std::vector<std::pair<std::string, std::string>> config);

   std::vector<std::string> take_violations();
   std::vector<std::string> take_logs();
   std::uint64_t log_count() const;

   // Internal: called by the host callbacks.
   void violation(std::string what);
   void log(pmat_log_level level, const char *message);
   std::uint64_t now_ns() const;
   const std::string *config_value(const std::string &key) const;
   bool valid_host(const pmat_host *host, const char *function);

 private:
   SuiteHost();
};

} // namespace pmat::conformance
