// SPDX-License-Identifier: MIT
#pragma once
// Tolerant reads of an analyzer result's fields: a missing or mistyped field reads as empty / 0
// / line 1, because a report must render whatever a plugin returned. A number that is not exactly
// a 64-bit integer (1.5, 1e300, 2^64 - 1) is mistyped where an integer is read.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace pmat::report::detail {

inline std::string text_at(const boost::json::object &object, std::string_view key) {
   const auto *value = object.if_contains(key);
   return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

// `value` as an integer, or `fallback` when it is not a number that one holds exactly.
inline std::int64_t exact_integer(const boost::json::value &value, std::int64_t fallback) {
   boost::json::error_code ec;
   const auto number = value.to_number<std::int64_t>(ec);
   return ec ? fallback : number;
}

inline std::int64_t number_at(const boost::json::object &object, std::string_view key) {
   const auto *value = object.if_contains(key);
   return value != nullptr ? exact_integer(*value, 0) : 0;
}

// The array under `key`, or nullptr when it is missing or not an array.
inline const boost::json::array *array_at(const boost::json::object &object, std::string_view key) {
   const auto *value = object.if_contains(key);
   return value != nullptr && value->is_array() ? &value->get_array() : nullptr;
}

// Calls `visit` with each object in the array under `key`; other elements are skipped.
template <typename Visit>
void for_each_object_in(const boost::json::object &object, std::string_view key, Visit &&visit) {
   if (const auto *items = array_at(object, key)) {
      for (const auto &item : *items) {
         if (item.is_object())
            visit(item.get_object());
      }
   }
}

// `line`, 1-based as SARIF and editors count; anything missing or below 1 reads as 1.
inline std::int64_t line_at(const boost::json::object &object) {
   const auto *value = object.if_contains("line");
   const std::int64_t line = value != nullptr ? exact_integer(*value, 1) : 1;
   return line < 1 ? 1 : line;
}

} // namespace pmat::report::detail
