// SPDX-License-Identifier: MIT
// UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
#pragma once

#include <string>
#include <string_view>

namespace pmat::conformance {

bool is_valid_utf8(std::string_view text);

// `text` with invalid sequences and control characters other than \n and \t replaced by '?',
// so plugin output can go into JSON and XML reports.
std::string printable(std::string_view text);

} // namespace pmat::conformance
