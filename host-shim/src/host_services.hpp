// SPDX-License-Identifier: MIT
// The services a host gives a plugin's init (pmat_host): logging, a clock, configuration.
// One instance lives as long as the shim, so it outlives every generation it is handed to.
#pragma once

#include <pmat/host_shim.h>
#include <pmat/plugin_api.h>

#include <boost/json/object.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace pmat::shim {

class HostServices {
 public:
   struct Settings {
      pmat_shim_log_fn log = nullptr; // nullptr = default_log
      void *log_user = nullptr;
      std::uint64_t (*now_ns)(void *) = nullptr; // nullptr = CLOCK_MONOTONIC
      void *clock_user = nullptr;
      boost::json::object config; // nested objects become dotted keys
   };

   explicit HostServices(Settings settings);
   HostServices(const HostServices &) = delete;
   HostServices &operator=(const HostServices &) = delete;

   // Valid for the lifetime of this object. [any-thread]
   const pmat_host *host() const { return &host_; }

   void log(pmat_log_level level, std::string_view message) const;
   std::uint64_t now_ns() const;
   // $PMAT_<KEY> first, then the configuration; nullopt when neither has the key. The key
   // "host.plugin_generation" answers the number of the generation whose init runs now (set by
   // note_initialising; nullopt before the first), so a plugin can name its generation.
   std::optional<std::string> config(std::string_view key) const;
   // Records that generation `number` is about to be initialised. Loads are serialised by the
   // shim; the value only names the newest generation handed to a plugin's init. [any-thread]
   void note_initialising(std::uint64_t number) const noexcept;

 private:
   Settings settings_;
   std::map<std::string, std::string, std::less<>> flat_config_;
   mutable std::atomic<std::uint64_t> initialising_generation_{0}; // 0: none yet
   pmat_host host_{};
};

// "claude.pool_size" -> "PMAT_CLAUDE_POOL_SIZE".
std::string config_env_name(std::string_view key);

} // namespace pmat::shim
