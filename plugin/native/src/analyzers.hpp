// SPDX-License-Identifier: MIT
#pragma once
// Language-family analyzers: each walks the token stream once and feeds a FunctionTracker.

#include "function_tracker.hpp"
#include "lexer.hpp"

#include <pmat/native/language.hpp>

namespace pmat::native::detail {

// C, C++, Rust, Go, Java, JavaScript and TypeScript: block structure from brackets.
void analyze_brace_language(Language language, Lexer &lexer, FunctionTracker &functions);

// Python: block structure from indentation.
void analyze_python(Lexer &lexer, FunctionTracker &functions);

} // namespace pmat::native::detail
