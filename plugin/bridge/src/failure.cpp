// SPDX-License-Identifier: MIT
#include <pmat/bridge/failure.hpp>

#include <pmat/plugin_api.h>

#include <array>
#include <utility>

namespace pmat::bridge {
namespace {

constexpr std::array<std::pair<Failure, std::string_view>, 14> k_names = {{
    {Failure::none, "none"},
    {Failure::deadline, "deadline"},
    {Failure::rate_limited, "rate-limited"},
    {Failure::overloaded, "overloaded"},
    {Failure::quota_exceeded, "quota-exceeded"},
    {Failure::invalid_api_key, "invalid-api-key"},
    {Failure::transport_error, "transport-error"},
    {Failure::pool_exhausted, "pool-exhausted"},
    {Failure::breaker_open, "breaker-open"},
    {Failure::invalid_answer, "invalid-answer"},
    {Failure::truncated, "truncated"},
    {Failure::budget_exhausted, "budget-exhausted"},
    {Failure::server_error, "server-error"},
    {Failure::bridge_error, "bridge-error"},
}};

} // namespace

std::string_view failure_name(Failure failure) noexcept {
   for (const auto &[value, name] : k_names)
      if (value == failure)
         return name;
   return "bridge-error";
}

std::optional<Failure> failure_from_name(std::string_view name) noexcept {
   for (const auto &[value, text] : k_names)
      if (text == name && value != Failure::none)
         return value;
   return std::nullopt;
}

Failure failure_for_code(int code) noexcept {
   switch (code) {
   case PMAT_STATUS_OK: return Failure::none;
   case PMAT_STATUS_PIPE_BROKEN:
   case PMAT_STATUS_FRAMING_ERROR:
   case PMAT_STATUS_MESSAGE_TOO_LARGE: return Failure::transport_error;
   case PMAT_STATUS_INITIALIZATION_TIMEOUT: return Failure::deadline;
   case PMAT_STATUS_POOL_EXHAUSTED: return Failure::pool_exhausted;
   case PMAT_STATUS_RATE_LIMITED: return Failure::rate_limited;
   case PMAT_STATUS_QUOTA_EXCEEDED: return Failure::quota_exceeded;
   case PMAT_STATUS_INVALID_API_KEY: return Failure::invalid_api_key;
   default: return Failure::bridge_error;
   }
}

bool counts_as_fault(Failure failure) noexcept {
   switch (failure) {
   case Failure::deadline:
   case Failure::invalid_api_key:
   case Failure::transport_error:
   case Failure::pool_exhausted:
   case Failure::invalid_answer:
   case Failure::server_error:
   case Failure::bridge_error: return true;
   default: return false;
   }
}

} // namespace pmat::bridge
