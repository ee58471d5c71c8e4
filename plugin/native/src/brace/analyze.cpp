// SPDX-License-Identifier: MIT
// The brace languages' entry point: picks the dialect once per file.

#include "../analyzers.hpp"
#include "dialects.hpp"

namespace pmat::native::detail {

// Go: the single-class analyzer (brace_analyzer.cpp), until its family moves into a dialect.
void analyze_brace_language_single_class(Language language, Lexer &lexer,
                                         FunctionTracker &functions);

void analyze_brace_language(Language language, Lexer &lexer, FunctionTracker &functions) {
   switch (language) {
   case Language::Rust: brace::analyze_rust(lexer, functions); break;
   case Language::C:
   case Language::Cpp:
   case Language::Java: brace::analyze_c_family(language, lexer, functions); break;
   case Language::JavaScript:
   case Language::TypeScript: brace::analyze_js(language, lexer, functions); break;
   default: analyze_brace_language_single_class(language, lexer, functions); break;
   }
}

} // namespace pmat::native::detail
