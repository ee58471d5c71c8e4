// SPDX-License-Identifier: MIT
// The few HTML pieces the console is built from. Every text that comes from the plugin, the
// fleet or a file goes through escape(): nothing reported becomes markup.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pmat::serve::console {

// & < > " ' as entities.
std::string escape(std::string_view text);
// <tag class="cls">escaped text</tag> (no class attribute when `cls` is empty).
std::string element(std::string_view tag, std::string_view cls, std::string_view text);
// <tr><th>label</th><td id="id">escaped value</td></tr>
std::string field_row(std::string_view id, std::string_view label, std::string_view value);
// A ratio as a percentage: "1.5 %" (one decimal below 10 % when not whole), "20 %", "13 %".
std::string percent(double ratio);
// Seconds in words: "350 ms", "1.2 s", "unbounded" for infinity.
std::string duration(double seconds);
// "$0.0123" / "$1.23" / "$123".
std::string dollars(double usd);
// "1 hit" / "4 hits".
std::string counted(double count, std::string_view singular, std::string_view plural);
// "12:04:05 UTC" of a wall-clock time in ms since the epoch.
std::string clock_time(std::int64_t unix_ms);
// "3 s ago", "4 min ago", "2 h ago".
std::string ago(std::int64_t then_ms, std::int64_t now_ms);

} // namespace pmat::serve::console
