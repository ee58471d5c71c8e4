// SPDX-License-Identifier: MIT
// A session over the host shim: one open pmat_shim and the calls the three fronts make on it,
// through the shim's C API only (pmat-host uses the shim exactly as pmat does). Every call
// returns owned strings; the shim's buffers never leave this file.
#pragma once

#include <pmat/host_shim.h>

#include <memory>
#include <optional>
#include <string>

namespace pmat::app {

// What one C API call answered: its status, the text it returned (empty when none), and on
// failure the shim's message for this thread (pmat_shim_last_error, copied).
struct ShimReply {
   const char *call = ""; // "shim status", "shim metrics", ...: names the call in errors
   pmat_status status = PMAT_STATUS_OK;
   std::string text;
   std::string error;
   [[nodiscard]] bool ok() const { return status == PMAT_STATUS_OK; }
   // `text`, or std::runtime_error("<call> failed: <error>") when the call failed.
   [[nodiscard]] const std::string &text_or_throw() const;
};

// Owns one pmat_shim from open to close. Move-only. The shim's C API is thread-safe, so a const
// Session may be used from many threads at once (the HTTP workers, the MCP pool, the CLI's file
// loop); destroying it waits for nothing, so it must outlive every call made on it.
class Session {
 public:
   // Opens the plugins directory (empty: $PMAT_PLUGIN_PATH, the install dir, the build tree).
   // `watch` also hot-reloads a new build installed there. `config_json`, when not empty, is the
   // plugin's configuration (pmat_shim_options.config_json; PMAT_<KEY> variables override it).
   // Throws std::runtime_error with the shim's message when no plugin can be loaded.
   static Session open(const std::string &plugin_dir, bool watch = false,
                       const std::string &config_json = "");

   // The borrowed handle, valid while this Session lives.
   [[nodiscard]] pmat_shim *shim() const noexcept { return shim_.get(); }

   // pmat_shim_analyze; on success `text` is the plugin's per-file result JSON.
   [[nodiscard]] ShimReply analyze(const pmat_analyze_request &request) const;

   // pmat_shim_status: the shim's status JSON object as text.
   [[nodiscard]] ShimReply status() const;

   // pmat_shim_metrics: the plugin's and the shim's metrics in `format`.
   [[nodiscard]] ShimReply metrics(pmat_metrics_format format) const;

   // Reloads now; returns the refusal message, empty on success.
   [[nodiscard]] std::string reload() const;

   // One pmat.control/1 command (a JSON object as text); `text` is the plugin's answer.
   [[nodiscard]] ShimReply control(const std::string &command_json) const;

   // Reloads when `signal` arrives (pmat_shim_reload_on_signal); returns the shim's message on
   // failure, nothing on success.
   [[nodiscard]] std::optional<std::string> reload_on_signal(int signal) const;

 private:
   struct Closer {
      void operator()(pmat_shim *shim) const { pmat_shim_close(shim); }
   };
   explicit Session(pmat_shim *shim) : shim_(shim) {}
   std::unique_ptr<pmat_shim, Closer> shim_;
};

// Session::open for the one-shot commands: on failure, says why on stderr ("pmat-host: cannot
// load a plugin: ...") and returns nothing, for which the command exits with k_exit_config.
std::optional<Session> open_session_or_report(const std::string &plugin_dir);

// pmat_shim_inspect: the plugins directory's files (`full_check`: each through init and a smoke
// call), as the shim's JSON report in `text`. Needs no Session.
ShimReply inspect_plugins(const std::string &plugin_dir, bool full_check);

} // namespace pmat::app
