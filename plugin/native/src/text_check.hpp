// SPDX-License-Identifier: MIT
#pragma once
// Decides whether bytes are text the analyzer should read: no NUL byte and valid UTF-8.

#include <string>
#include <string_view>

namespace pmat::native::detail {

// Empty when `content` is analysable text, otherwise the reason it is skipped.
std::string text_skip_reason(std::string_view content);

} // namespace pmat::native::detail
