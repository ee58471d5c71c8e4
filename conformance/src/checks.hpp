// SPDX-License-Identifier: MIT
// Contract checks shared by the tests: status codes, buffers, last-error, interface structs.
// Every call into the plugin that fills a buffer goes through call_buffer so each one is checked
// the same way and released exactly once (PMAT-ABI-030).
#pragma once

#include "plugin_session.hpp"
#include "test_context.hpp"

#include <pmat/plugin_api.h>

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace pmat::conformance {

// "2 (Unsupported)", or "77 (not a pmat_status)".
std::string status_text(pmat_status status);
// PMAT-ABI-021: only values pmat_status_name knows.
bool expect_known_status(TestContext &ctx, pmat_status status, std::string_view call);
// PMAT-ABI-022: non-NULL, shorter than PMAT_LAST_ERROR_MAX, valid UTF-8 (and non-empty after a
// failure when `after_failure`).
void expect_last_error_sane(TestContext &ctx, const PluginSession &session, std::string_view call,
                            bool after_failure);

// Whether every v1 function pointer is present and non-NULL.
bool complete(const pmat_analyzer *a);
bool complete(const pmat_cache *c);
bool complete(const pmat_metrics *m);
bool complete(const pmat_state *s);

struct CallResult {
   pmat_status status = PMAT_STATUS_INTERNAL;
   std::string body; // the buffer's bytes when status is OK
   bool ok() const { return status == PMAT_STATUS_OK; }
};

using ReleaseFn = void (*)(pmat_plugin_buffer *);

// Runs `invoke(&buffer)` with a poisoned buffer, then checks: known status; on failure a zeroed
// buffer (so a release is safe) and a sane last-error; on success a NUL-terminated buffer.
// Releases the buffer exactly once.
template <typename Invoke>
CallResult call_buffer(TestContext &ctx, const PluginSession &session, std::string_view call,
                       ReleaseFn release, Invoke &&invoke);

// Parses text as JSON; nullopt when it is not JSON.
std::optional<boost::json::value> parse_json(std::string_view text);
// Expects `result` to be OK with a JSON object body.
bool expect_json_object(TestContext &ctx, const CallResult &result, std::string_view call);

// Shared implementation pieces of call_buffer.
pmat_plugin_buffer poisoned_buffer();
// False when releasing would hand the plugin the suite's poison or a half-zeroed buffer.
bool safe_to_release(pmat_status status, const pmat_plugin_buffer &buffer);
void check_buffer_after_call(TestContext &ctx, const PluginSession &session, pmat_status status,
                             const pmat_plugin_buffer &buffer, std::string_view call);

template <typename Invoke>
CallResult call_buffer(TestContext &ctx, const PluginSession &session, std::string_view call,
                       ReleaseFn release, Invoke &&invoke) {
   pmat_plugin_buffer buffer = poisoned_buffer();
   CallResult result;
   result.status = invoke(&buffer);
   check_buffer_after_call(ctx, session, result.status, buffer, call);
   if (result.ok() && buffer.data != nullptr)
      result.body.assign(buffer.data, buffer.size);
   if (safe_to_release(result.status, buffer))
      release(&buffer); // after a failure this releases a zeroed buffer: a no-op (PMAT-ABI-031)
   return result;
}

} // namespace pmat::conformance
