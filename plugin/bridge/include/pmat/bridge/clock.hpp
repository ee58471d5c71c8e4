// SPDX-License-Identifier: MIT
// Time and logging come from the host (pmat_host.now_ns / pmat_host.log), so the bridge client
// never reads the system clock or writes to a global logger inside its decision logic: tests give
// a manual clock and a capturing log sink.
#pragma once

#include <pmat/common/log_level.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string_view>

namespace pmat::bridge {

// Monotonic nanoseconds, arbitrary epoch. Implementations must be callable from any thread.
class Clock {
 public:
   virtual ~Clock() = default;
   virtual std::uint64_t now_ns() const noexcept = 0;
};

// std::chrono::steady_clock; for callers that have no host clock (benchmarks, standalone tools).
class SteadyClock final : public Clock {
 public:
   std::uint64_t now_ns() const noexcept override;
   static const SteadyClock &instance() noexcept;
};

// Adapts a C callback such as pmat_host.now_ns.
class FunctionClock final : public Clock {
 public:
   using Fn = std::uint64_t (*)(const void *context);
   FunctionClock(Fn fn, const void *context) noexcept : fn_(fn), context_(context) {}
   std::uint64_t now_ns() const noexcept override { return fn_(context_); }

 private:
   Fn fn_;
   const void *context_;
};

// A clock that moves only when told to; for deterministic tests.
class ManualClock final : public Clock {
 public:
   explicit ManualClock(std::uint64_t start_ns = 1'000'000'000) noexcept : now_(start_ns) {}
   std::uint64_t now_ns() const noexcept override { return now_.load(std::memory_order_acquire); }
   void advance_ns(std::uint64_t delta) noexcept {
      now_.fetch_add(delta, std::memory_order_acq_rel);
   }
   void advance_ms(std::uint64_t delta) noexcept { advance_ns(delta * 1'000'000); }

 private:
   std::atomic<std::uint64_t> now_;
};

// Log levels are pmat_log_level's values.
using pmat::common::LogLevel;

// Must be callable from any thread, including the worker reader threads.
using LogFn = std::function<void(LogLevel level, std::string_view message)>;

constexpr std::uint64_t k_ns_per_ms = 1'000'000;

} // namespace pmat::bridge
