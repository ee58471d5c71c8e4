// SPDX-License-Identifier: MIT
// What every exported function of the plugin does at the C boundary: catch everything, turn it
// into a status, and leave a bounded message for last_error (PMAT-ABI-002, PMAT-ABI-022).
#pragma once

#include <pmat/plugin_api.h>

#include <exception>
#include <new>
#include <stdexcept>
#include <string_view>

namespace pmat::plugin {

// A failure with a specific status, thrown inside the plugin and caught at the boundary.
class StatusError : public std::runtime_error {
 public:
   StatusError(pmat_status status, const std::string &message)
       : std::runtime_error(message), status_(status) {}
   pmat_status status() const { return status_; }

 private:
   pmat_status status_;
};

// Stores `message` (truncated at a UTF-8 boundary) as the calling thread's last error.
pmat_status set_last_error(pmat_status status, std::string_view message) noexcept;
void clear_last_error() noexcept;
const char *last_error_text() noexcept;

template <typename Body> pmat_status guarded(Body &&body) noexcept {
   try {
      clear_last_error();
      return body();
   } catch (const StatusError &e) {
      return set_last_error(e.status(), e.what());
   } catch (const std::bad_alloc &) {
      return set_last_error(PMAT_STATUS_INTERNAL, "out of memory");
   } catch (const std::exception &e) {
      return set_last_error(PMAT_STATUS_INTERNAL, e.what());
   } catch (...) {
      return set_last_error(PMAT_STATUS_INTERNAL, "unknown exception inside the plugin");
   }
}

} // namespace pmat::plugin
