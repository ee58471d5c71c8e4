// SPDX-License-Identifier: MIT
// Claude's fixes as unified diffs: a few lines per finding in the text report, and one patch in
// git's format for all kept fixes (`pmat-host analyze --emit-patch FILE`).
#include "aggregate.hpp"

#include <algorithm>
#include <map>

namespace pmat::report::detail {
namespace {

constexpr std::int64_t k_context = 3;

struct Lines {
   std::vector<std::string> text;
   bool final_newline = true;
   [[nodiscard]] std::int64_t count() const { return static_cast<std::int64_t>(text.size()); }
};

Lines split_lines(const std::string &content) {
   Lines lines;
   std::size_t start = 0;
   while (start < content.size()) {
      const std::size_t end = content.find('\n', start);
      if (end == std::string::npos) {
         lines.text.push_back(content.substr(start));
         lines.final_newline = false;
         break;
      }
      lines.text.push_back(content.substr(start, end - start));
      start = end + 1;
   }
   return lines;
}

// The replacement's lines: one trailing newline is the end of its last line, not an empty line.
std::vector<std::string> replacement_lines(const std::string &replacement) {
   std::string text = replacement;
   if (!text.empty() && text.back() == '\n')
      text.pop_back();
   return text.empty() && replacement.empty() ? std::vector<std::string>{}
                                              : split_lines(text + "\n").text;
}

bool fits(const Lines &lines, const ClaudeFix &fix) {
   return fix.line >= 1 && fix.end_line >= fix.line && fix.end_line <= lines.count();
}

// A fix against the file's lines: old lines first..last become `added`.
struct Edit {
   std::int64_t first = 1;
   std::int64_t last = 1;
   std::vector<std::string> added;
};

const char *k_no_newline = "\\ No newline at end of file\n";

// The body of one hunk over old lines [from, to] and the edits inside it; adds to the counts.
std::string hunk_body(const Lines &lines, std::int64_t from, std::int64_t to,
                      const std::vector<Edit> &edits, std::int64_t &new_count) {
   std::string body;
   auto edit = edits.begin();
   const auto marker = [&](std::int64_t line) {
      return line == lines.count() && !lines.final_newline ? k_no_newline : "";
   };
   for (std::int64_t line = from; line <= to; ++line) {
      if (edit == edits.end() || line != edit->first) {
         body += " " + lines.text[static_cast<std::size_t>(line - 1)] + "\n" + marker(line);
         ++new_count;
         continue;
      }
      for (; line <= edit->last; ++line)
         body += "-" + lines.text[static_cast<std::size_t>(line - 1)] + "\n" + marker(line);
      --line;
      for (const auto &added : edit->added)
         body += "+" + added + "\n";
      if (!edit->added.empty())
         body += marker(edit->last);
      new_count += static_cast<std::int64_t>(edit->added.size());
      ++edit;
   }
   return body;
}

std::string range(std::int64_t start, std::int64_t count) {
   return std::to_string(count == 0 ? start - 1 : start) + "," + std::to_string(count);
}

// Hunks for one file's edits (sorted, not overlapping), three lines of context, edits whose
// contexts touch sharing a hunk.
std::string file_hunks(const Lines &lines, const std::vector<Edit> &edits) {
   std::string out;
   std::int64_t offset = 0; // new line number - old line number after the hunks so far
   for (std::size_t i = 0; i < edits.size();) {
      std::size_t j = i + 1;
      while (j < edits.size() && edits[j].first - k_context <= edits[j - 1].last + k_context + 1)
         ++j;
      const std::int64_t from = std::max<std::int64_t>(1, edits[i].first - k_context);
      const std::int64_t to = std::min(lines.count(), edits[j - 1].last + k_context);
      std::int64_t new_count = 0;
      const std::vector<Edit> group(edits.begin() + static_cast<std::ptrdiff_t>(i),
                                    edits.begin() + static_cast<std::ptrdiff_t>(j));
      const std::string body = hunk_body(lines, from, to, group, new_count);
      out += "@@ -" + range(from, to - from + 1) + " +" + range(from + offset, new_count) +
             " @@\n" + body;
      offset += new_count - (to - from + 1);
      i = j;
   }
   return out;
}

// The file's fixes that fit it, in line order, each after the end of the one before.
std::vector<Edit> edits_of(const Lines &lines, std::vector<ClaudeFix> fixes) {
   std::sort(fixes.begin(), fixes.end(),
             [](const ClaudeFix &a, const ClaudeFix &b) { return a.line < b.line; });
   std::vector<Edit> edits;
   for (const auto &fix : fixes) {
      if (fits(lines, fix) && (edits.empty() || fix.line > edits.back().last))
         edits.push_back({fix.line, fix.end_line, replacement_lines(fix.replacement)});
   }
   return edits;
}

std::string file_patch(const std::string &path, const std::string &content,
                       const std::vector<ClaudeFix> &fixes) {
   const Lines lines = split_lines(content);
   const std::vector<Edit> edits = edits_of(lines, fixes);
   if (edits.empty())
      return {};
   return "diff --git a/" + path + " b/" + path + "\n--- a/" + path + "\n+++ b/" + path + "\n" +
          file_hunks(lines, edits);
}

} // namespace

std::vector<std::string> fix_diff_lines(const std::string &content, const ClaudeFix &fix) {
   const Lines lines = split_lines(content);
   if (!fits(lines, fix))
      return {};
   std::vector<std::string> out;
   for (std::int64_t line = fix.line; line <= fix.end_line; ++line)
      out.push_back("-" + lines.text[static_cast<std::size_t>(line - 1)]);
   for (const auto &added : replacement_lines(fix.replacement))
      out.push_back("+" + added);
   return out;
}

std::string patch_of(const Report &report, const std::map<std::string, std::string> &contents) {
   std::map<std::string, std::vector<ClaudeFix>> by_file;
   std::vector<std::string> order;
   for (const auto &finding : report.claude.findings) {
      if (!finding.fix)
         continue;
      if (!by_file.contains(finding.file))
         order.push_back(finding.file);
      by_file[finding.file].push_back(*finding.fix);
   }
   std::string patch;
   for (const auto &path : order) {
      const auto content = contents.find(path);
      if (content != contents.end())
         patch += file_patch(path, content->second, by_file[path]);
   }
   return patch;
}

} // namespace pmat::report::detail
