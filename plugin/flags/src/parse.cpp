// SPDX-License-Identifier: MIT
#include "json_fields.hpp"

#include <pmat/flags/parse.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pmat::flags {
namespace detail {

Fields::Fields(const boost::json::object &o, std::string prefix,
               std::initializer_list<std::string_view> allowed)
    : o_(o), prefix_(std::move(prefix)) {
   for (const auto &kv : o_)
      if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end())
         throw ParseError("unknown key \"" + prefix_ + std::string(kv.key()) + "\"");
}

void Fields::fail(std::string_view key, std::string_view what) const {
   throw ParseError(prefix_ + std::string(key) + ": " + std::string(what));
}

void Fields::get(std::string_view key, bool &out) const {
   if (const auto *v = find(key)) {
      if (!v->is_bool())
         fail(key, "expected true or false");
      out = v->get_bool();
   }
}

template <typename T> static bool integral(const boost::json::value &v, T &out) {
   if (v.is_uint64() &&
       v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
      out = static_cast<T>(v.get_uint64());
      return true;
   }
   if (v.is_int64() && v.get_int64() >= 0 &&
       static_cast<std::uint64_t>(v.get_int64()) <=
           static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
      out = static_cast<T>(v.get_int64());
      return true;
   }
   return false;
}

void Fields::get(std::string_view key, std::uint32_t &out) const {
   if (const auto *v = find(key); v && !integral(*v, out))
      fail(key, "expected a non-negative integer");
}

void Fields::get(std::string_view key, std::uint64_t &out) const {
   if (const auto *v = find(key); v && !integral(*v, out))
      fail(key, "expected a non-negative integer");
}

void Fields::get(std::string_view key, int &out) const {
   const auto *v = find(key);
   if (!v)
      return;
   if (v->is_int64() && v->get_int64() >= INT32_MIN && v->get_int64() <= INT32_MAX)
      out = static_cast<int>(v->get_int64());
   else if (v->is_uint64())
      out = std::numeric_limits<int>::max(); // clamped to 100 by normalize()
   else
      fail(key, "expected an integer");
}

void Fields::get(std::string_view key, double &out) const {
   const auto *v = find(key);
   if (!v)
      return;
   if (!v->is_number())
      fail(key, "expected a number");
   out = v->to_number<double>();
   if (!std::isfinite(out) || out < 0.0 || out > 1.0)
      fail(key, "expected a ratio between 0 and 1");
}

void Fields::get(std::string_view key, std::string &out) const {
   if (const auto *v = find(key)) {
      if (!v->is_string())
         fail(key, "expected a string");
      out = std::string(v->get_string());
   }
}

} // namespace detail

namespace {

using detail::Fields;
using detail::ParseError;

const boost::json::object &object_at(const Fields &f, std::string_view key) {
   static const boost::json::object k_empty;
   const auto *v = f.find(key);
   if (!v)
      return k_empty;
   if (!v->is_object())
      f.fail(key, "expected an object");
   return v->get_object();
}

Strategy parse_strategy(const Fields &f) {
   std::string s = "disabled";
   f.get("strategy", s);
   for (Strategy c :
        {Strategy::Disabled, Strategy::Allowlist, Strategy::Percentage, Strategy::FullRollout})
      if (s == to_string(c))
         return c;
   f.fail("strategy", "expected disabled, allowlist, percentage or full_rollout");
}

void parse_allowlist(const Fields &f, std::vector<std::string> &out) {
   const auto *v = f.find("allowlist");
   if (!v)
      return;
   if (!v->is_array())
      f.fail("allowlist", "expected an array of strings");
   for (const auto &item : v->get_array()) {
      if (!item.is_string())
         f.fail("allowlist", "expected an array of strings");
      out.emplace_back(item.get_string());
   }
}

void parse_claude(const boost::json::object &o, FlagsConfig &c) {
   const Fields f(o, "claude.", {"strategy", "percentage", "salt", "allowlist"});
   c.strategy = parse_strategy(f);
   f.get("percentage", c.percentage);
   f.get("salt", c.salt);
   parse_allowlist(f, c.allowlist);
}

void parse_limits(const boost::json::object &o, FlagsConfig &c) {
   const Fields f(o, "limits.", {"max_latency_ms", "pool_size"});
   f.get("max_latency_ms", c.max_latency_ms);
   f.get("pool_size", c.pool_size);
}

void parse_rollback(const boost::json::object &o, FlagsConfig &c) {
   const Fields f(o, "rollback.",
                  {"enabled", "window_ms", "max_error_ratio", "p95_latency_ms",
                   "consecutive_windows", "min_requests", "latched", "reason"});
   RollbackPolicy &p = c.rollback;
   f.get("enabled", p.enabled);
   f.get("window_ms", p.window_ms);
   f.get("max_error_ratio", p.max_error_ratio);
   f.get("p95_latency_ms", p.p95_latency_ms);
   f.get("consecutive_windows", p.consecutive_windows);
   f.get("min_requests", p.min_requests);
   f.get("latched", c.rollback_latched);
   f.get("reason", c.rollback_reason);
   if (p.window_ms == 0 || p.consecutive_windows == 0)
      f.fail("window_ms", "window_ms and consecutive_windows must be at least 1");
}

FlagsConfig parse_root(const boost::json::value &root) {
   if (!root.is_object())
      throw ParseError("the flags file must hold a JSON object");
   const Fields f(root.get_object(), "",
                  {"version", "kill_switch", "claude", "limits", "rollback"});
   std::uint32_t version = k_flags_file_version;
   f.get("version", version);
   if (version != k_flags_file_version)
      f.fail("version", "unsupported version " + std::to_string(version) + " (this build reads 1)");
   FlagsConfig c;
   f.get("kill_switch", c.kill_switch);
   parse_claude(object_at(f, "claude"), c);
   parse_limits(object_at(f, "limits"), c);
   parse_rollback(object_at(f, "rollback"), c);
   c.normalize();
   return c;
}

} // namespace

ParseResult parse_flags_json(std::string_view text) noexcept {
   try {
      boost::system::error_code ec;
      const boost::json::value root = boost::json::parse(text, ec);
      if (ec)
         return {std::nullopt, "not valid JSON: " + ec.message()};
      return {parse_root(root), ""};
   } catch (const std::exception &e) {
      return {std::nullopt, e.what()};
   } catch (...) {
      return {std::nullopt, "unknown error"};
   }
}

} // namespace pmat::flags
