// SPDX-License-Identifier: MIT
// Test helpers: hex fixtures and the shared frame vectors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace pmat::bridge::test {

std::string from_hex(std::string_view hex);

// Parsed bridge/test-vectors/frames.json.
boost::json::value load_json_file(const std::string &path);

} // namespace pmat::bridge::test
