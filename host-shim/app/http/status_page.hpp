// SPDX-License-Identifier: MIT
// The status page served at "/": one self-contained HTML document (inline CSS and JS, no
// external assets) that polls /v1/status and /v1/metrics.json and shows only what they report.
#pragma once

#include <string_view>

namespace pmat::serve {

std::string_view status_page_html();

} // namespace pmat::serve
