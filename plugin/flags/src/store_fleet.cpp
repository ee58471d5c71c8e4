// SPDX-License-Identifier: MIT
// FlagStore's fleet-wide auto-rollback, on the source's thread: this host's counts are added to
// the fleet's windows in the shared source; each closed window (plus a grace period for the other
// hosts' counts to land) is judged on the fleet's sums; a trip latches the shared document with
// one compare-and-set, so the fleet latches once whichever hosts judge it.
#include <pmat/flags/store.hpp>

#include "wall_clock.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace pmat::flags {
namespace {

constexpr std::uint64_t k_grace_ms = 300; // hosts add their counts every ~100 ms
constexpr std::uint64_t k_heartbeat_ms = 1000;
constexpr std::uint64_t k_heartbeat_ttl_ms = 10'000; // a host missing 10 beats leaves the view

} // namespace

void FlagStore::note_window(const std::vector<WindowCounts> &counts) {
   for (const auto &w : counts) {
      if (w.index != own_window_.index)
         own_window_ = WindowCounts{w.index};
      own_window_.requests += w.requests;
      own_window_.errors += w.errors;
   }
}

void FlagStore::send_heartbeat() {
   const std::uint64_t now = wall_clock_ms();
   if (options_.host.id.empty() || now < next_heartbeat_ms_)
      return;
   next_heartbeat_ms_ = now + k_heartbeat_ms;
   const FlagsConfig &flags = current();
   boost::json::object beat{{"host_id", options_.host.id},
                            {"pmat_host_version", options_.host.host_version},
                            {"plugin_version", options_.host.plugin_version},
                            {"plugin_generation", options_.host.plugin_generation},
                            {"flags_revision", source_health().revision},
                            {"kill_switch", flags.kill_switch},
                            {"rollback_latched", rollback_latched()},
                            {"requests_last_window", own_window_.requests},
                            {"error_ratio", own_window_.requests == 0
                                                ? 0.0
                                                : static_cast<double>(own_window_.errors) /
                                                      static_cast<double>(own_window_.requests)},
                            {"last_seen_unix_ms", now}};
   options_.source->heartbeat(options_.host.id, boost::json::serialize(beat), k_heartbeat_ttl_ms);
}

std::optional<std::vector<std::string>> FlagStore::fleet(std::string &error) const {
   if (!options_.source) {
      error = "no shared flags source: the fleet view needs PMAT_FLAGS_SOURCE=redis://...";
      return std::nullopt;
   }
   return options_.source->heartbeats(error);
}

void FlagStore::fleet_tick() {
   send_heartbeat();
   const FlagsConfig &flags = current();
   const std::uint64_t window_ms = std::max<std::uint64_t>(1, flags.rollback.window_ms);
   const auto counts = fleet_counts_.take();
   note_window(counts);
   if (!counts.empty() && !options_.source->add_windows(window_ms, counts))
      log(LogLevel::warn, "flags: could not add this host's counts to the fleet's windows");
   const std::uint64_t now = wall_clock_ms();
   if (now < window_ms + k_grace_ms)
      return;
   const std::uint64_t last_closed = (now - k_grace_ms) / window_ms - 1;
   if (fleet_judged_ == 0) // first tick: judge only windows from now on
      fleet_floor_.store(std::max(fleet_floor_.load(), last_closed + 1));
   if (last_closed == fleet_judged_)
      return;
   fleet_judged_ = last_closed;
   if (flags.rollback.enabled && !rollback_latched())
      judge_fleet(flags, last_closed);
}

void FlagStore::judge_fleet(const FlagsConfig &flags, std::uint64_t last_closed) {
   const std::uint64_t needed = std::max<std::uint32_t>(1, flags.rollback.consecutive_windows);
   if (last_closed + 1 < needed || last_closed + 1 - needed < fleet_floor_.load())
      return;
   const auto windows = options_.source->fleet_windows(
       std::max<std::uint64_t>(1, flags.rollback.window_ms), last_closed + 1 - needed, needed);
   if (!windows)
      return;
   if (const auto reason = fleet_trip(flags.rollback, flags.p95_threshold_ms(), *windows))
      latch_fleet(*reason);
}

void FlagStore::latch_fleet(const std::string &reason) {
   const UpdateResult r = options_.source->update([&](FlagsConfig &c) {
      if (c.rollback_latched)
         return; // another host wrote the fleet's latch first
      c.rollback_latched = true;
      c.rollback_reason = reason;
   });
   if (!r.ok) {
      log(LogLevel::warn, "flags: fleet rollback not written: " + r.error);
      return;
   }
   if (r.changed) {
      rollbacks_.fetch_add(1, std::memory_order_relaxed);
      log(LogLevel::error, "flags: fleet auto-rollback latched, Claude is off on every host until "
                           "an operator clears it (pmat-host flags clear-rollback): " +
                               reason);
   }
   accept_document(r.document);
}

} // namespace pmat::flags
