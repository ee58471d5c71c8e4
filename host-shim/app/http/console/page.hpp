// SPDX-License-Identifier: MIT
// The operator's console served at "/": a page rendered on the server (it reads fully with
// scripts off, and `chromium --dump-dom` sees it), whose small inline script re-fetches the live
// part from "/console/live" every 2 s and drives the kill switch's control (admin token and a
// confirmation dialog, then POST /v1/admin/kill-switch). No external asset, no library.
#pragma once

#include "console_state.hpp"

#include <string>

namespace pmat::serve::console {

// The sections alone (the body of GET /console/live).
std::string render_live(const ConsoleState &state);
// The whole document: head, style, the live sections, the kill switch's dialog, the script.
std::string render_page(const ConsoleState &state);

} // namespace pmat::serve::console
