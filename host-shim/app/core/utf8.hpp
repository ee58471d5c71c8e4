// SPDX-License-Identifier: MIT
// UTF-8 validation, so that a request with invalid UTF-8 gets its own clear error instead of a
// generic JSON parse failure.
#pragma once

#include <cstddef>
#include <string_view>

namespace pmat::app {

// Returns the byte offset of the first invalid sequence, or npos when `text` is valid UTF-8
// (no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t find_invalid_utf8(std::string_view text);

} // namespace pmat::app
