// SPDX-License-Identifier: MIT
// Why a call on the Claude path failed, as one closed set, set where the failure happens (the
// breaker, the pool, a worker's deadline, the bridge's error payload) and carried unchanged to
// the result's "fallback_reason". The ABI status code says which family a failure belongs to;
// this says exactly which failure it was, so nothing downstream reads a message's text.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace pmat::bridge {

enum class Failure : std::uint8_t {
   none,             // not a failure
   deadline,         // the request's deadline expired
   rate_limited,     // the API said 429 (not a spend limit)
   overloaded,       // the API said 529 / overloaded_error
   quota_exceeded,   // spend limit, billing, credit balance: nothing will pass for a while
   invalid_api_key,  // 401 / 403: the key is wrong or lacks permission
   transport_error,  // the frames between plugin and worker broke (1001-1003)
   pool_exhausted,   // no worker became free within the acquire timeout
   breaker_open,     // the circuit breaker refused the call
   invalid_answer,   // Claude answered, but not with a usable analysis
   truncated,        // Claude's answer hit max_tokens, even after the retries
   budget_exhausted, // the run's cost budget was spent (set by the host, reserved here)
   server_error,     // the API answered 5xx / api_error (after the bridge's retries)
   bridge_error,     // the worker failed otherwise (crash, start-up, lost connection); stays last
};

// The stable lowercase-hyphen name ("rate-limited", ...), as written to "fallback_reason";
// "none" for Failure::none. Static storage.
std::string_view failure_name(Failure failure) noexcept;

// The failure a name denotes (the bridge protocol's error "reason"), or nullopt for a name not
// in the set. Exact match only.
std::optional<Failure> failure_from_name(std::string_view name) noexcept;

// The failure a status code means when the site that raised it said nothing more specific:
// 1001-1003 transport, 2001 deadline, 2003 pool exhausted, 3001 rate limited, 3002 quota,
// 3003 bad key, any other non-zero code bridge error, 0 none.
Failure failure_for_code(int code) noexcept;

// Whether a failure is a fault of ours or of the service, the only kind that counts toward the
// circuit breaker and auto-rollback. Rate limits, overload and quota are capacity, not faults;
// a refusal by the breaker, a truncated answer and a spent budget say nothing about health.
bool counts_as_fault(Failure failure) noexcept;

} // namespace pmat::bridge
