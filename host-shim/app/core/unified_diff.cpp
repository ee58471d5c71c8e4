// SPDX-License-Identifier: MIT
#include "unified_diff.hpp"

#include <algorithm>
#include <charconv>

namespace pmat::app {
namespace {

using report::LineSpan;

std::vector<std::string_view> split_lines(std::string_view text) {
   std::vector<std::string_view> lines;
   while (!text.empty()) {
      const std::size_t end = text.find('\n');
      lines.push_back(text.substr(0, end));
      text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
   }
   return lines;
}

// git's C-style quoting ("a/t\303\251st\tx"): the escapes git writes.
std::string unquote(std::string_view quoted) {
   std::string out;
   for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
      if (quoted[i] != '\\') {
         out += quoted[i];
         continue;
      }
      const char c = quoted[++i];
      if (c >= '0' && c <= '7' && i + 2 < quoted.size()) {
         out +=
             static_cast<char>((c - '0') * 64 + (quoted[i + 1] - '0') * 8 + (quoted[i + 2] - '0'));
         i += 2;
         continue;
      }
      static constexpr std::string_view k_from = "abfnrtv", k_to = "\a\b\f\n\r\t\v";
      const std::size_t escape = k_from.find(c);
      out += escape == std::string_view::npos ? c : k_to[escape];
   }
   return out;
}

// The end of the quoted string that starts `text` (one past its closing quote).
std::size_t quoted_end(std::string_view text) {
   for (std::size_t i = 1; i < text.size(); ++i) {
      if (text[i] == '\\')
         ++i;
      else if (text[i] == '"')
         return i + 1;
   }
   return text.size();
}

// A path as a header names it: unquoted, or up to a tab (diff -u's timestamp) when bare.
std::string header_path(std::string_view text) {
   if (!text.empty() && text.front() == '"')
      return unquote(text.substr(0, quoted_end(text)));
   return std::string(text.substr(0, text.find('\t')));
}

std::string strip_prefix(std::string path, bool git, std::string_view prefix) {
   if (path == "/dev/null")
      return path;
   if (git)
      return path.starts_with(prefix) ? path.substr(prefix.size()) : path;
   const std::size_t slash = path.find('/');
   return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool parse_number(std::string_view &text, std::int64_t &out) {
   const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
   if (error != std::errc{} || out < 0)
      return false;
   text.remove_prefix(static_cast<std::size_t>(end - text.data()));
   return true;
}

// "-12,3" or "+4": start and count (1 when omitted).
bool parse_range(std::string_view &text, char sign, std::int64_t &start, std::int64_t &count) {
   if (text.empty() || text.front() != sign)
      return false;
   text.remove_prefix(1);
   count = 1;
   if (!parse_number(text, start))
      return false;
   if (text.empty() || text.front() != ',')
      return true;
   text.remove_prefix(1);
   return parse_number(text, count);
}

struct HunkHeader {
   std::int64_t old_start = 0, old_count = 0, new_start = 0, new_count = 0;
};

bool parse_hunk_header(std::string_view line, HunkHeader &out) {
   line.remove_prefix(3); // "@@ "
   if (!parse_range(line, '-', out.old_start, out.old_count) || !line.starts_with(" "))
      return false;
   line.remove_prefix(1);
   return parse_range(line, '+', out.new_start, out.new_count) && line.starts_with(" @@");
}

void merge_spans(std::vector<LineSpan> &spans) {
   std::sort(spans.begin(), spans.end(),
             [](const LineSpan &a, const LineSpan &b) { return a.first < b.first; });
   std::vector<LineSpan> merged;
   for (const auto &span : spans) {
      if (!merged.empty() && span.first <= merged.back().last + 1)
         merged.back().last = std::max(merged.back().last, span.last);
      else
         merged.push_back(span);
   }
   spans = std::move(merged);
}

// A mode from a header line: 160000 is a gitlink (submodule), 120000 a symbolic link.
void note_mode(FileDiff &file, std::string_view mode) {
   file.submodule = file.submodule || mode.starts_with("160000");
   file.symlink = file.symlink || mode.starts_with("120000");
}

// The state of one hunk being read.
struct HunkCursor {
   std::int64_t old_left = 0, new_left = 0;
   std::int64_t next_new = 1; // the new-side number of the next added or context line
   bool pending_deletion = false;
   bool last_was_new_side = false;
};

// A context line needs room on both sides of the hunk, an added line on the new side.
bool fits_new_side(const HunkCursor &cursor, char kind) {
   if (kind == ' ')
      return cursor.old_left > 0 && cursor.new_left > 0;
   return kind == '+' && cursor.new_left > 0;
}

class Parser {
 public:
   explicit Parser(std::string_view diff) : lines_(split_lines(diff)) {}

   std::vector<FileDiff> run() {
      while (at_ < lines_.size())
         line(lines_[at_++]);
      for (auto &file : files_)
         merge_spans(file.changed);
      return std::move(files_);
   }

 private:
   [[noreturn]] void fail(const std::string &message) const { throw DiffError(at_, message); }

   void line(std::string_view text) {
      if (text.starts_with("diff --git "))
         git_header(text.substr(11));
      else if (text.starts_with("--- ") && at_ < lines_.size() && lines_[at_].starts_with("+++ "))
         paths(text.substr(4), lines_[at_++].substr(4));
      else if (text.starts_with("@@ "))
         hunk(text);
      else if (!files_.empty() && in_header_)
         extended_header(text);
   }

   FileDiff &start_file(bool git) {
      files_.emplace_back();
      git_ = git;
      in_header_ = true;
      return files_.back();
   }

   void git_header(std::string_view rest) {
      FileDiff &file = start_file(true);
      if (!rest.empty() && rest.front() == '"') {
         const std::size_t end = quoted_end(rest);
         file.old_path = strip_prefix(unquote(rest.substr(0, end)), true, "a/");
         file.new_path =
             strip_prefix(header_path(rest.substr(std::min(end + 1, rest.size()))), true, "b/");
         return;
      }
      const std::size_t half = rest.size() >= 5 ? (rest.size() - 5) / 2 : 0;
      const bool same = rest.size() == 2 * half + 5 && rest.substr(2 + half, 3) == " b/" &&
                        rest.substr(2, half) == rest.substr(5 + half);
      const std::size_t quoted_new = rest.find(" \"b/");
      const std::size_t split =
          same ? 2 + half : (quoted_new != std::string_view::npos ? quoted_new : rest.find(" b/"));
      if (split == std::string_view::npos)
         fail("a 'diff --git' line without 'a/... b/...' paths");
      file.old_path = strip_prefix(std::string(rest.substr(0, split)), true, "a/");
      file.new_path = strip_prefix(header_path(rest.substr(split + 1)), true, "b/");
   }

   void paths(std::string_view old_side, std::string_view new_side) {
      FileDiff &file = (files_.empty() || !in_header_ || !git_) ? start_file(false) : files_.back();
      const std::string old_path = strip_prefix(header_path(old_side), git_, "a/");
      const std::string new_path = strip_prefix(header_path(new_side), git_, "b/");
      if (old_path.empty() || new_path.empty())
         fail("a '---' / '+++' pair without a path");
      set_paths(file, old_path, new_path);
   }

   static void set_paths(FileDiff &file, const std::string &old_path, const std::string &new_path) {
      if (old_path == "/dev/null") {
         file.change = FileChange::Added;
         file.old_path.clear();
      } else {
         file.old_path = old_path;
      }
      if (new_path == "/dev/null") {
         file.change = FileChange::Deleted;
         file.new_path.clear();
      } else {
         file.new_path = new_path;
      }
      if (file.change == FileChange::Modified && file.old_path != file.new_path)
         file.change = FileChange::Renamed;
   }

   void extended_header(std::string_view text) {
      FileDiff &file = files_.back();
      if (text.starts_with("new file mode ")) {
         file.change = FileChange::Added;
         note_mode(file, text.substr(14));
      } else if (text.starts_with("deleted file mode ")) {
         file.change = FileChange::Deleted;
         note_mode(file, text.substr(18));
      } else {
         other_header(file, text);
      }
   }

   void other_header(FileDiff &file, std::string_view text) {
      if (text.starts_with("index ") || text.starts_with("old mode ") ||
          text.starts_with("new mode ")) {
         note_mode(file, text.substr(text.rfind(' ') + 1));
      } else if (text.starts_with("rename from ") || text.starts_with("copy from ")) {
         file.old_path = header_path(text.substr(text.find(" from ") + 6));
         file.change = FileChange::Renamed;
      } else if (text.starts_with("rename to ") || text.starts_with("copy to ")) {
         file.new_path = header_path(text.substr(text.find(" to ") + 4));
      } else if (text.starts_with("Binary files ") || text == "GIT binary patch") {
         binary(file, text);
      }
   }

   // "Binary files a/x and /dev/null differ": binary, and added or deleted by its /dev/null side.
   void binary(FileDiff &file, std::string_view text) {
      file.binary = true;
      if (text.starts_with("Binary files /dev/null and "))
         file.change = FileChange::Added;
      if (text.ends_with(" and /dev/null differ"))
         file.change = FileChange::Deleted;
      if (file.change == FileChange::Added)
         file.old_path.clear();
      if (file.change == FileChange::Deleted)
         file.new_path.clear();
      while (text == "GIT binary patch" && at_ < lines_.size() &&
             !lines_[at_].starts_with("diff --git "))
         ++at_;
   }

   void hunk(std::string_view text) {
      HunkHeader header;
      if (files_.empty())
         fail("a hunk before any file header");
      if (!parse_hunk_header(text, header))
         fail("a hunk header that is not '@@ -a,b +c,d @@'");
      in_header_ = false;
      HunkCursor cursor{header.old_count, header.new_count,
                        header.new_count == 0 ? header.new_start + 1 : header.new_start};
      while (cursor.old_left > 0 || cursor.new_left > 0)
         hunk_line(cursor);
      if (at_ < lines_.size() && lines_[at_].starts_with("\\")) {
         no_newline(cursor);
         ++at_;
      }
      flush_deletion(cursor);
   }

   void hunk_line(HunkCursor &cursor) {
      if (at_ >= lines_.size())
         fail("the diff ends inside a hunk (the hunk header counts more lines)");
      const std::string_view text = lines_[at_++];
      const char kind = text.empty() ? ' ' : text.front();
      if (kind == '\\') {
         no_newline(cursor);
      } else if (kind == '-' && cursor.old_left > 0) {
         --cursor.old_left;
         cursor.pending_deletion = true;
         cursor.last_was_new_side = false;
      } else if (fits_new_side(cursor, kind)) {
         new_side(cursor, kind, text.empty() ? text : text.substr(1));
      } else {
         fail("a hunk line that does not fit its header (expected ' ', '-', '+' or '\\')");
      }
   }

   void new_side(HunkCursor &cursor, char kind, std::string_view text) {
      FileDiff &file = files_.back();
      --cursor.new_left;
      if (kind == ' ') {
         --cursor.old_left;
         flush_deletion(cursor);
      } else {
         file.changed.push_back({cursor.next_new, cursor.next_new});
         cursor.pending_deletion = false;
      }
      file.new_lines.push_back({cursor.next_new++, std::string(text)});
      if (file.change == FileChange::Added)
         file.added_text.append(text).push_back('\n');
      cursor.last_was_new_side = true;
   }

   void no_newline(const HunkCursor &cursor) {
      FileDiff &file = files_.back();
      if (cursor.last_was_new_side && file.change == FileChange::Added && !file.added_text.empty())
         file.added_text.pop_back();
   }

   void flush_deletion(HunkCursor &cursor) {
      if (!cursor.pending_deletion)
         return;
      const std::int64_t before = std::max<std::int64_t>(1, cursor.next_new - 1);
      files_.back().changed.push_back({before, before});
      cursor.pending_deletion = false;
   }

   std::vector<std::string_view> lines_;
   std::size_t at_ = 0;
   std::vector<FileDiff> files_;
   bool git_ = false;       // the current file has a 'diff --git' header
   bool in_header_ = false; // between a file's header and its first hunk
};

} // namespace

DiffError::DiffError(std::size_t at, const std::string &message)
    : std::invalid_argument("diff line " + std::to_string(at) + ": " + message), line(at) {}

std::vector<FileDiff> parse_unified_diff(std::string_view diff) {
   return Parser(diff).run();
}

std::string check_new_content(const FileDiff &file, std::string_view content) {
   const std::vector<std::string_view> lines = split_lines(content);
   for (const auto &line : file.new_lines) {
      const auto index = static_cast<std::size_t>(line.number - 1);
      if (index >= lines.size() || lines[index] != line.text)
         return "line " + std::to_string(line.number) + " of the content of '" + file.path() +
                "' is not the line the diff shows there";
   }
   return {};
}

} // namespace pmat::app
