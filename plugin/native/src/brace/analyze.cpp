// SPDX-License-Identifier: MIT
// The brace languages' entry point: picks the dialect once per file.

#include "../analyzers.hpp"
#include "dialects.hpp"

namespace pmat::native::detail {

void analyze_brace_language(Language language, Lexer &lexer, FunctionTracker &functions) {
   switch (language) {
   case Language::Rust: brace::analyze_rust(lexer, functions); break;
   case Language::Go: brace::analyze_go(lexer, functions); break;
   case Language::JavaScript:
   case Language::TypeScript: brace::analyze_js(language, lexer, functions); break;
   default: brace::analyze_c_family(language, lexer, functions); break;
   }
}

} // namespace pmat::native::detail
