// SPDX-License-Identifier: MIT
// The services a host gives a plugin's init (pmat_host): logging, a clock, configuration.
// One instance lives as long as the shim, so it outlives every generation it is handed to.
#pragma once

#include <pmat/host_shim.h>
#include <pmat/plugin_api.h>

#include <boost/json/object.hpp>

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
   // $PMAT_<KEY> first, then the configuration; nullopt when neither has the key.
   std::optional<std::string> config(std::string_view key) const;

 private:
   Settings settings_;
   std::map<std::string, std::string, std::less<>> flat_config_;
   pmat_host host_{};
};

// "claude.pool_size" -> "PMAT_CLAUDE_POOL_SIZE".
std::string config_env_name(std::string_view key);

} // namespace pmat::shim
