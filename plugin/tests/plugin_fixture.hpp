// SPDX-License-Identifier: MIT
// libpmat_claude.so in a private plugins directory, served by the host shim: the plugin's real
// path, as pmat uses it.
#pragma once

#include <pmat/host_shim.h>

#include <boost/json/value.hpp>

#include <filesystem>
#include <string>

namespace pmat::test {

struct Outcome {
   pmat_status status = PMAT_STATUS_INTERNAL;
   boost::json::value result; // the parsed result on success
   std::string error;         // the shim's last error otherwise
};

class PluginFixture {
 public:
   // Throws std::runtime_error when the shim cannot serve the plugin. The plugin's persistent
   // cache and flags file live in the fixture's private directory (never the user's), unless
   // `config_json` names others; `root` reuses a directory (a restart of the same host).
   explicit PluginFixture(const char *config_json = nullptr, std::filesystem::path root = {});
   ~PluginFixture();
   PluginFixture(const PluginFixture &) = delete;
   PluginFixture &operator=(const PluginFixture &) = delete;

   // Installs another build of the plugin by rename (a new generation on the next reload).
   void install(const char *build);
   Outcome analyze(const std::string &content, const char *path = "src/sample.c",
                   const char *options = nullptr, const char *language = nullptr);
   std::string prometheus();
   pmat_shim *shim() { return shim_; }
   const std::filesystem::path &root() const { return root_; }
   std::filesystem::path flags_file() const { return root_ / "flags.json"; }
   // Keeps the directory after this fixture is gone, for a second one (a restart).
   void keep_directory() { keep_ = true; }

 private:
   std::filesystem::path root_;
   pmat_shim *shim_ = nullptr;
   bool keep_ = false;
};

} // namespace pmat::test
