// Status and Result: how every fallible call in the bridge client reports failure. Codes are the
// numeric values of plugin_api.h, so the plugin can hand them to the host unchanged.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

#include <pmat/bridge/failure.hpp>
#include <pmat/plugin_api.h>

namespace pmat::bridge {

struct Status {
   int code = PMAT_STATUS_OK;
   std::string message;
   // Which failure exactly; none = whatever failure_for_code(code) says (see cause()).
   Failure failure = Failure::none;

   [[nodiscard]] bool ok() const noexcept { return code == PMAT_STATUS_OK; }
   // The failure this status reports: the one its site named, else the code's default.
   [[nodiscard]] Failure cause() const noexcept {
      return failure != Failure::none || ok() ? failure : failure_for_code(code);
   }
   static Status success() { return {}; }
};

// An error whose failure is the code's default (failure_for_code).
inline Status make_error(int code, std::string message) {
   return Status{code, std::move(message), failure_for_code(code)};
}

// An error that names its failure exactly (a deadline vs. a start-up timeout, both 2001).
inline Status make_error(int code, std::string message, Failure failure) {
   return Status{code, std::move(message), failure};
}

// "[CodeName] message", upstream's Display format for a BridgeError.
std::string describe(const Status &status);

// A value or a non-OK Status (std::expected is C++23; GCC 12 has no <expected>).
template <class T> class Result {
 public:
   Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
   Result(Status status) : data_(std::move(status)) {} // NOLINT: implicit by design

   [[nodiscard]] bool ok() const noexcept { return std::holds_alternative<T>(data_); }
   explicit operator bool() const noexcept { return ok(); }

   T &value() & { return std::get<T>(data_); }
   const T &value() const & { return std::get<T>(data_); }
   T &&value() && { return std::get<T>(std::move(data_)); }
   T *operator->() { return &std::get<T>(data_); }
   const T *operator->() const { return &std::get<T>(data_); }
   T &operator*() & { return std::get<T>(data_); }

   // The failure; an OK status when the result holds a value.
   [[nodiscard]] Status status() const {
      if (ok())
         return Status::success();
      return std::get<Status>(data_);
   }
   [[nodiscard]] int code() const noexcept {
      return ok() ? PMAT_STATUS_OK : std::get<Status>(data_).code;
   }
   [[nodiscard]] Failure cause() const noexcept {
      return ok() ? Failure::none : std::get<Status>(data_).cause();
   }

 private:
   std::variant<T, Status> data_;
};

} // namespace pmat::bridge
