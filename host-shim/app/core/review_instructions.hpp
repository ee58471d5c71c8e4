// SPDX-License-Identifier: MIT
// The repository's own review rules, sent to Claude with every request (docs/result-schema.md,
// "Review instructions"): which file, which part of it, and how much.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace pmat::app {

// At most this many bytes of instructions are sent (cut at a line end, with a note saying so).
inline constexpr std::size_t k_max_instructions_bytes = 16000;

// The directory at or above `start` that holds a `.git` entry (a repository's top), or `start`
// when there is none.
std::filesystem::path repository_root(const std::filesystem::path &start);

// The instructions for the repository at `root`: `.pmat/review.md` whole; else the review
// sections of `CLAUDE.md`, else of `AGENTS.md` (review_sections); empty when none applies.
// Capped at k_max_instructions_bytes. Unreadable files count as absent; never throws but
// std::bad_alloc.
std::string review_instructions(const std::filesystem::path &root);

// The sections of a Markdown text whose heading contains "review" (any case): each from its
// heading line up to the next heading of the same or a higher level, joined in file order.
// Lines inside ``` fences are never headings.
std::string review_sections(std::string_view markdown);

} // namespace pmat::app
