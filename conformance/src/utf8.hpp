// SPDX-License-Identifier: MIT
// Report sanitising; the UTF-8 check itself is common/'s (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF).
#pragma once

#include <pmat/common/utf8.hpp>

#include <string>
#include <string_view>

namespace pmat::conformance {

using pmat::common::is_valid_utf8;

// `text` with invalid sequences and control characters other than \n and \t replaced by '?',
// so plugin output can go into JSON and XML reports.
std::string printable(std::string_view text);

} // namespace pmat::conformance
