// SPDX-License-Identifier: MIT
#include "plugin_session.hpp"

#include "checks.hpp"
#include "suite_host.hpp"
#include "test_context.hpp"

#include <chrono>
#include <cstring>
#include <dlfcn.h>

namespace pmat::conformance {

namespace {

bool entry_usable(const pmat_entry_point *e) {
   return PMAT_ABI_HAS_MEMBER(e, pmat_entry_point, last_error) && e->init != nullptr &&
          e->deinit != nullptr && e->get_interface != nullptr && e->last_error != nullptr;
}

// The interface tests report what is wrong with a struct; the other tests only need to know
// whether calling through it is safe.
template <typename T> const T *usable(const void *raw) {
   const auto *t = static_cast<const T *>(raw);
   return complete(t) ? t : nullptr;
}

} // namespace

PluginSession::PluginSession(TestContext &ctx, std::string path)
    : ctx_(ctx), path_(path.empty() ? ctx.options().plugin : std::move(path)) {
   const auto start = std::chrono::steady_clock::now();
   handle_ = dlopen(path_.c_str(), RTLD_NOW | RTLD_LOCAL);
   load_ms_ =
       std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
   if (handle_ == nullptr) {
      const char *why = dlerror();
      ctx.require(false, std::string("dlopen(RTLD_NOW | RTLD_LOCAL) failed: ") +
                             (why ? why : "unknown error"));
   }
   entry_ = static_cast<const pmat_entry_point *>(dlsym(handle_, PMAT_PLUGIN_ENTRY_SYMBOL));
   if (!entry_usable(entry_)) {
      const bool missing = entry_ == nullptr;
      close();
      ctx.require(false, missing ? "the library has no pmat_plugin_entry symbol"
                                 : "pmat_plugin_entry is unusable (struct_size too small or a "
                                   "NULL init/deinit/get_interface/last_error)");
   }
}

PluginSession::~PluginSession() {
   close();
}

pmat_status PluginSession::init_with(const pmat_host *host) {
   SuiteHost::instance().begin_init();
   const pmat_status status = entry_->init(host);
   initialized_ = status == PMAT_STATUS_OK;
   // PMAT-ABI-100: after a failed init the plugin must not touch the host again.
   SuiteHost::instance().end_init(initialized_);
   return status;
}

void PluginSession::init() {
   const pmat_status status = init_with(SuiteHost::instance().prepare_default());
   ctx_.require(status == PMAT_STATUS_OK, "init with the suite's host returned " +
                                              std::to_string(status) + ": " + last_error());
}

void PluginSession::deinit() {
   if (!initialized_)
      return;
   entry_->deinit();
   initialized_ = false;
   SuiteHost::instance().end_deinit();
}

void PluginSession::close() {
   if (handle_ == nullptr)
      return;
   if (entry_ != nullptr)
      deinit();
   dlclose(handle_);
   handle_ = nullptr;
   entry_ = nullptr;
}

const void *PluginSession::interface(const char *id) const {
   return entry_->get_interface(id);
}

const pmat_analyzer &PluginSession::analyzer() const {
   const auto *a = static_cast<const pmat_analyzer *>(interface(PMAT_ANALYZER_INTERFACE_ID));
   ctx_.require(complete(a), "pmat.analyzer/1 is missing, too small or has NULL function pointers");
   return *a;
}

const pmat_cache *PluginSession::cache() const {
   return usable<pmat_cache>(interface(PMAT_CACHE_INTERFACE_ID));
}

const pmat_metrics *PluginSession::metrics() const {
   return usable<pmat_metrics>(interface(PMAT_METRICS_INTERFACE_ID));
}

const pmat_state *PluginSession::state() const {
   return usable<pmat_state>(interface(PMAT_STATE_INTERFACE_ID));
}

std::string PluginSession::last_error() const {
   const char *text = entry_->last_error();
   if (text == nullptr)
      return "(last_error returned NULL)";
   return std::string(text, strnlen(text, PMAT_LAST_ERROR_MAX));
}

} // namespace pmat::conformance
