// SPDX-License-Identifier: MIT
// One loaded build of a plugin: its own staged copy, mapped with RTLD_NOW | RTLD_LOCAL, checked
// against the ABI, initialised and smoke-tested before it may take traffic. Calls pin a
// generation by holding a shared_ptr to it; the last owner deinitialises and unmaps it.
#pragma once

#include "host_services.hpp"

#include <pmat/plugin_api.h>

#ifndef BOOST_DLL_USE_STD_FS
#define BOOST_DLL_USE_STD_FS
#endif
#include <boost/dll/shared_library.hpp>
#include <boost/json/array.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

namespace pmat::shim {

// A plugin file the shim will not serve, with the reason in what().
class LoadRefused : public std::runtime_error {
 public:
   using std::runtime_error::runtime_error;
};

struct PluginIdentity {
   std::string plugin_id;
   std::string name;
   std::string version;
   pmat_abi_version abi{};
};

struct GenerationInfo {
   PluginIdentity identity;
   std::filesystem::path source; // the file in the plugins directory
   std::filesystem::path staged; // the private copy that is mapped
   std::uint64_t number = 0;     // 1 for the first generation a shim loads
};

// A plugin file staged, its copy mapped and its identity read, not initialised: what the shim
// looks at to choose a file, and what Generation::load continues from, so that a file is read,
// hashed, copied and mapped once. Destroying it unmaps the copy and unlinks it.
class StagedPlugin {
 public:
   // Stages `source` (staging.hpp), maps the copy (RTLD_NOW | RTLD_LOCAL) and reads its entry
   // point's identity. Throws LoadRefused with the reason; on refusal nothing stays mapped or
   // staged.
   static std::unique_ptr<StagedPlugin> open(const std::filesystem::path &source,
                                             const std::filesystem::path &staging_dir);
   ~StagedPlugin();
   StagedPlugin(const StagedPlugin &) = delete;
   StagedPlugin &operator=(const StagedPlugin &) = delete;

   const PluginIdentity &identity() const { return identity_; }

 private:
   friend class Generation;
   StagedPlugin() = default;

   std::filesystem::path source_;
   std::filesystem::path staged_; // empty once a generation owns the copy
   boost::dll::shared_library library_;
   const pmat_entry_point *entry_ = nullptr;
   PluginIdentity identity_;
};

class Generation {
 public:
   // Continues from a staged plugin (taking over its copy and mapping): binds and validates the
   // interfaces, calls init, imports `previous`'s state (if both have pmat.state/1), and
   // smoke-tests the analyzer. Throws LoadRefused with the reason; on refusal nothing stays
   // loaded or initialised.
   static std::shared_ptr<Generation> load(std::unique_ptr<StagedPlugin> staged,
                                           const HostServices &host, std::uint64_t number,
                                           const Generation *previous);
   // StagedPlugin::open(source, staging_dir), then the load above.
   static std::shared_ptr<Generation> load(const std::filesystem::path &source,
                                           const std::filesystem::path &staging_dir,
                                           const HostServices &host, std::uint64_t number,
                                           const Generation *previous);
   ~Generation();
   Generation(const Generation &) = delete;
   Generation &operator=(const Generation &) = delete;

   const GenerationInfo &info() const { return info_; }
   // Lower-case hex SHA-256 of the staged copy (staged_copy_sha256: the bytes that are mapped),
   // computed on the first call and kept: a start that never asks (a CLI run) never hashes.
   // Empty when the copy could not be read (never equal to a file's hash). Any thread.
   const std::string &sha256() const;
   const pmat_analyzer &analyzer() const { return analyzer_; }
   const pmat_metrics *metrics() const { return has_metrics_ ? &metrics_ : nullptr; }
   const pmat_state *state() const { return has_state_ ? &state_ : nullptr; }
   const pmat_cache *cache() const { return has_cache_ ? &cache_ : nullptr; }
   const pmat_control *control() const { return has_control_ ? &control_ : nullptr; }
   // Runs a pmat.control/1 command; the answer, or nullopt with `status` saying why.
   std::optional<std::string> control_command(const std::string &command_json,
                                              pmat_status &status) const;
   // The plugin's last-error text for the calling thread (never NULL, bounded).
   std::string last_error() const;

 private:
   Generation() = default;
   void bind_interfaces();
   void initialise(const HostServices &host);
   void smoke_test() const;
   void import_state_from(const Generation &previous, const HostServices &host) const;

   boost::dll::shared_library library_;
   const pmat_entry_point *entry_ = nullptr;
   GenerationInfo info_;
   mutable std::once_flag sha256_once_;
   mutable std::string sha256_;
   bool initialised_ = false;
   pmat_analyzer analyzer_{};
   pmat_metrics metrics_{};
   pmat_state state_{};
   pmat_cache cache_{};
   pmat_control control_{};
   bool has_control_ = false;
   bool has_metrics_ = false;
   bool has_state_ = false;
   bool has_cache_ = false;
};

// One JSON entry per plugin file in `dir` (see pmat_shim_inspect). `full_check` loads each
// usable file as a generation (init, smoke call) and unloads it again.
boost::json::array inspect_plugin_dir(const std::filesystem::path &dir,
                                      const std::filesystem::path &staging_dir, bool full_check,
                                      const HostServices &host);

} // namespace pmat::shim
