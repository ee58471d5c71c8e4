// SPDX-License-Identifier: MIT
// Text that goes into JSON must be valid UTF-8; host-supplied paths may not be.
#pragma once

#include <string>
#include <string_view>

namespace pmat::plugin {

// `text` with every invalid or truncated UTF-8 sequence replaced by U+FFFD.
std::string sanitize_utf8(std::string_view text);

} // namespace pmat::plugin
