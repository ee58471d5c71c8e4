// SPDX-License-Identifier: MIT
#pragma once
// One entry point per language family: runs the brace core with that family's dialect over the
// whole token stream of one file. `lexer` and `functions` as for analyze_brace_language.

#include "../function_tracker.hpp"
#include "../lexer.hpp"

#include <pmat/native/language.hpp>

namespace pmat::native::detail::brace {

// C, C++ and Java (`language` says which).
void analyze_c_family(Language language, Lexer &lexer, FunctionTracker &functions);
// JavaScript and TypeScript (`language` says which).
void analyze_js(Language language, Lexer &lexer, FunctionTracker &functions);
void analyze_rust(Lexer &lexer, FunctionTracker &functions);
void analyze_go(Lexer &lexer, FunctionTracker &functions);

} // namespace pmat::native::detail::brace
