// SPDX-License-Identifier: MIT
// A private plugins directory for one test, with helpers to install plugin builds the way a
// package manager does (write a hidden temporary file, then rename it into place).
#pragma once

#include <pmat/host_shim.h>

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pmat::test {

struct ShimCloser {
   void operator()(pmat_shim *shim) const { pmat_shim_close(shim); }
};
using ShimPtr = std::unique_ptr<pmat_shim, ShimCloser>;

struct AnalyzeOutcome {
   pmat_status status = PMAT_STATUS_INTERNAL;
   std::string json;
   std::string error;
};

class PluginDirFixture {
 public:
   PluginDirFixture();
   ~PluginDirFixture();

   const std::filesystem::path &plugin_dir() const { return plugin_dir_; }
   const std::filesystem::path &staging_dir() const { return staging_dir_; }

   // Installs build `variant` (e.g. "shim_test_plugin_v2") as `file_name` by atomic rename.
   void install(const std::string &variant, const std::string &file_name = "libexample.so");
   // Installs the first `bytes` bytes of a variant: what a crashed copy leaves behind.
   void install_truncated(const std::string &variant, std::size_t bytes,
                          const std::string &file_name = "libexample.so");

   // Opens a shim on this directory; nullptr with the message in `error` on failure.
   ShimPtr open(bool watch, std::string *error = nullptr, std::uint32_t drain_timeout_ms = 5000);

   std::vector<std::string> logs() const;

 private:
   static void collect_log(void *self, pmat_log_level level, const char *message);

   std::filesystem::path root_;
   std::filesystem::path plugin_dir_;
   std::filesystem::path staging_dir_;
   mutable std::mutex log_mutex_;
   std::vector<std::string> logs_;
};

std::filesystem::path variant_path(const std::string &variant);
AnalyzeOutcome analyze_text(pmat_shim *shim, const std::string &content,
                            const char *path = "sample.c");
boost::json::value shim_status(pmat_shim *shim);
std::uint64_t serving_generation(pmat_shim *shim);
std::string serving_version(pmat_shim *shim);
// Polls until the shim serves generation >= `number`; false on timeout.
bool wait_for_generation(pmat_shim *shim, std::uint64_t number,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));
// Lines of /proc/self/maps that mention `needle`.
std::vector<std::string> mappings_containing(const std::string &needle);
// Entries of /proc/self/fd.
std::size_t open_fd_count();

} // namespace pmat::test
