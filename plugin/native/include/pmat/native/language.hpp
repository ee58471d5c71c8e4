// SPDX-License-Identifier: MIT
#pragma once
// Languages the native analyzer understands, and how a file's language is recognised.

#include <string_view>

namespace pmat::native {

enum class Language { Unknown, C, Cpp, Rust, Python, JavaScript, TypeScript, Go, Java };

// Stable lower-case name: "c", "cpp", "rust", "python", "javascript", "typescript", "go", "java";
// "unknown" for Language::Unknown.
std::string_view language_name(Language language);

// Inverse of language_name (also accepts a few common aliases such as "c++", "js", "ts", "py");
// Language::Unknown for anything else.
Language language_from_name(std::string_view name);

// By file extension first, then by a `#!` interpreter line (python, node, deno, bun, ts-node).
Language detect_language(std::string_view path, std::string_view content);

} // namespace pmat::native
