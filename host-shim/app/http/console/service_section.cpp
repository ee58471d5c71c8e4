// SPDX-License-Identifier: MIT
#include "html.hpp"
#include "sections.hpp"

#include <set>

namespace pmat::serve::console {
namespace {

std::string tier_name(const std::string &tier) {
   if (tier == "l1")
      return "in memory (L1)";
   return tier == "l2" ? "shared store (L2)" : tier;
}

double lookups(const Reading &now, const std::string &tier, const char *outcome) {
   const auto found = now.cache_lookups.find(tier + "/" + outcome);
   return found == now.cache_lookups.end() ? 0 : found->second;
}

std::string tier_words(const Reading &now, const std::string &tier) {
   const double hits = lookups(now, tier, "hit"), misses = lookups(now, tier, "miss");
   if (hits + misses == 0)
      return tier_name(tier) + ": no lookups yet";
   return tier_name(tier) + ": hit ratio " + percent(hits / (hits + misses)) + " (" +
          counted(hits, "hit", "hits") + ", " + counted(misses, "miss", "misses") + ")";
}

std::string cache_words(const ConsoleState &state) {
   const auto *cache = object_at(state.status, "cache");
   if (cache && !bool_at(cache, "enabled", true))
      return "disabled";
   std::set<std::string> tiers;
   for (const auto &[key, count] : state.now.cache_lookups)
      tiers.insert(key.substr(0, key.find('/')));
   if (tiers.empty())
      return cache ? "no lookups yet" : "not reported by this plugin";
   std::string words;
   for (const auto &tier : tiers)
      words += (words.empty() ? "" : "; ") + tier_words(state.now, tier);
   return words;
}

std::string pool_words(const boost::json::object &status) {
   const auto *pool = object_at(status, "pool");
   if (!pool)
      return "not reported by this plugin";
   return counted(number_at(pool, "workers"), "worker", "workers") + " serving, " +
          counted(number_at(pool, "in_flight"), "call", "calls") + " in flight, " +
          counted(number_at(pool, "crashes"), "crash", "crashes") + ", " +
          counted(number_at(pool, "exhausted"), "acquire timeout", "acquire timeouts");
}

std::string server_words(const boost::json::object &status) {
   const auto *server = object_at(status, "server");
   if (!server)
      return "not reported";
   return "up " + duration(number_at(server, "uptime_seconds")) + ": " +
          counted(number_at(server, "requests_total"), "request", "requests") + ", " +
          counted(number_at(server, "in_flight"), "request", "requests") + " in flight, " +
          counted(number_at(server, "rejected_saturated_total"), "refusal", "refusals") +
          " when saturated";
}

} // namespace

std::string service_section(const ConsoleState &state) {
   return "<section id=\"service\"><h2>Cache, workers, server</h2><table>" +
          field_row("cache", "Cache", cache_words(state)) +
          field_row("pool", "Bridge workers", pool_words(state.status)) +
          field_row("server", "HTTP server", server_words(state.status)) + "</table></section>";
}

} // namespace pmat::serve::console
