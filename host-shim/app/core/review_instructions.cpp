// SPDX-License-Identifier: MIT
#include "review_instructions.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <optional>

namespace pmat::app {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> read_text(const fs::path &file) {
   std::error_code ec;
   if (!fs::is_regular_file(file, ec))
      return std::nullopt;
   std::ifstream in(file, std::ios::binary);
   if (!in)
      return std::nullopt;
   return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The level of a Markdown ATX heading ("## Title" is 2), or 0 for any other line.
std::size_t heading_level(std::string_view line) {
   const std::size_t hashes = line.find_first_not_of('#');
   if (hashes == 0 || hashes > 6 || hashes == std::string_view::npos || line[hashes] != ' ')
      return 0;
   return hashes;
}

bool mentions_review(std::string_view line) {
   std::string lower(line);
   std::transform(lower.begin(), lower.end(), lower.begin(),
                  [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
   return lower.find("review") != std::string::npos;
}

// The state of the section scan.
struct Scan {
   bool in_fence = false;
   std::size_t open_level = 0; // the level of the review section being copied; 0: none
   std::string out;

   void line(std::string_view text) {
      if (text.starts_with("```"))
         in_fence = !in_fence;
      const std::size_t level = in_fence ? 0 : heading_level(text);
      if (level != 0 && open_level != 0 && level <= open_level)
         open_level = 0;
      if (level != 0 && open_level == 0 && mentions_review(text))
         open_level = level;
      if (open_level != 0)
         out.append(text).push_back('\n');
   }
};

std::string capped(std::string text) {
   if (text.size() <= k_max_instructions_bytes)
      return text;
   const std::size_t cut = text.rfind('\n', k_max_instructions_bytes - 64);
   text.resize(cut == std::string::npos ? 0 : cut + 1);
   return text + "[instructions cut at " + std::to_string(k_max_instructions_bytes) + " bytes]\n";
}

} // namespace

fs::path repository_root(const fs::path &start) {
   std::error_code ec;
   const fs::path absolute = fs::absolute(start, ec);
   for (fs::path dir = absolute; !dir.empty(); dir = dir.parent_path()) {
      if (fs::exists(dir / ".git", ec))
         return dir;
      if (dir == dir.parent_path())
         break;
   }
   return start;
}

std::string review_sections(std::string_view markdown) {
   Scan scan;
   while (!markdown.empty()) {
      const std::size_t end = markdown.find('\n');
      scan.line(markdown.substr(0, end));
      markdown = end == std::string_view::npos ? std::string_view() : markdown.substr(end + 1);
   }
   return scan.out;
}

std::string review_instructions(const fs::path &root) {
   if (auto whole = read_text(root / ".pmat" / "review.md"))
      return capped(std::move(*whole));
   for (const char *name : {"CLAUDE.md", "AGENTS.md"}) {
      const auto text = read_text(root / name);
      std::string sections = text ? review_sections(*text) : std::string();
      if (!sections.empty())
         return capped(std::move(sections));
   }
   return {};
}

} // namespace pmat::app
