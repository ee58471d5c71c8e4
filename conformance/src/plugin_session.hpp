// SPDX-License-Identifier: MIT
// Loads a plugin image the way a pmat host does (dlopen RTLD_NOW | RTLD_LOCAL, then the entry
// symbol) and on destruction calls deinit when init succeeded, then dlclose.
#pragma once

#include <pmat/plugin_api.h>

#include <string>

namespace pmat::conformance {

class TestContext;

class PluginSession {
 public:
   // Loads `path` (the plugin under test by default). Ends the test when loading fails or the
   // entry is unusable (missing, struct too small, NULL function pointers).
   explicit PluginSession(TestContext &ctx, std::string path = {});
   ~PluginSession();
   PluginSession(const PluginSession &) = delete;
   PluginSession &operator=(const PluginSession &) = delete;

   const pmat_entry_point &entry() const { return *entry_; }
   double load_ms() const { return load_ms_; }
   const std::string &path() const { return path_; }

   // Calls init with `host`, keeping the suite host's validity window in step.
   pmat_status init_with(const pmat_host *host);
   // init with the default suite host; ends the test unless it returns PMAT_STATUS_OK.
   void init();
   void deinit();
   bool initialized() const { return initialized_; }
   // deinit if needed, then dlclose.
   void close();

   const void *interface(const char *id) const;
   // pmat.analyzer/1, checked enough to call (ends the test otherwise).
   const pmat_analyzer &analyzer() const;
   // The optional interfaces, or nullptr when absent or unusable (the interface tests report why).
   const pmat_cache *cache() const;
   const pmat_metrics *metrics() const;
   const pmat_state *state() const;

   // A copy of last_error(), at most PMAT_LAST_ERROR_MAX bytes read.
   std::string last_error() const;

 private:
   TestContext &ctx_;
   std::string path_;
   void *handle_ = nullptr;
   const pmat_entry_point *entry_ = nullptr;
   bool initialized_ = false;
   double load_ms_ = 0;
};

} // namespace pmat::conformance
