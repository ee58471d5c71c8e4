// SPDX-License-Identifier: MIT
// The JSON text of a typed result, written straight from the FileAnalysis. It is the text
// boost::json::serialize(to_json(analysis)) writes, without building, serialising and destroying
// a boost::json tree on the way (callgrind over gnulib: that round trip cost a quarter as many
// instructions as the analysis itself).
//
// What Boost.JSON 1.81's serializer writes (boost/json/impl/serializer.ipp), and so what this
// writes: the members in to_json's order with no whitespace; unsigned integers in plain decimal;
// true and false; a string between quotes with '"' and '\' escaped by a backslash, 0x08 0x09 0x0a
// 0x0c 0x0d as \b \t \n \f \r, every other byte below 0x20 as \u00xx in lower-case hex, and
// every other byte (0x7f, '/', each byte of a multi-byte UTF-8 sequence) as it is.

#include <pmat/native/analysis.hpp>

#include <pmat/common/json_text.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace pmat::native {
namespace {

// Room for the text apart from its strings, per item: the member names and punctuation, and
// numbers of a few digits. Only a hint for reserve; the text may be longer.
constexpr std::size_t k_file_room = 256;
constexpr std::size_t k_function_room = 120;
constexpr std::size_t k_satd_room = 100;
constexpr std::size_t k_violation_room = 128;

// The one escaping rule shared with the host's report writer.
using pmat::common::append_json_string;

// One member's text up to its value (all of it for a number or a flag), gathered on the stack so
// that the string grows by one append per member: an append costs tens of instructions, a byte
// copied into the buffer one or two (callgrind: a member's key in three appends was two thirds
// of the writer).
class MemberText {
 public:
   // `separator` is '{' for an object's first member, ',' for the others; `name` is a literal.
   template <std::size_t N> MemberText(char separator, const char (&name)[N]) {
      static_assert(N + 3 + k_max_digits <= k_capacity, "a longer name needs a larger buffer");
      bytes_[0] = separator;
      bytes_[1] = '"';
      std::memcpy(bytes_.data() + 2, name, N - 1);
      bytes_[N + 1] = '"';
      bytes_[N + 2] = ':';
      size_ = N + 3;
   }

   MemberText(const MemberText &) = delete;
   MemberText &operator=(const MemberText &) = delete;

   void number(std::uint64_t value) {
      char *begin = bytes_.data() + size_;
      size_ += static_cast<std::size_t>(
          std::to_chars(begin, bytes_.data() + bytes_.size(), value).ptr - begin);
   }

   template <std::size_t N> void word(const char (&word)[N]) {
      static_assert(N - 1 <= k_max_digits, "a word takes the room of a number");
      std::memcpy(bytes_.data() + size_, word, N - 1);
      size_ += N - 1;
   }

   std::string_view view() const { return {bytes_.data(), size_}; }

 private:
   static constexpr std::size_t k_max_digits = 20; // 18446744073709551615
   static constexpr std::size_t k_capacity = 64;
   std::array<char, k_capacity> bytes_;
   std::size_t size_;
};

// One JSON object's members, written in call order: '{' before the first, ',' between, and '}'
// at end(). Member names are literals.
class ObjectWriter {
 public:
   explicit ObjectWriter(std::string &out) : out_(out) {}

   template <std::size_t N> ObjectWriter &text(const char (&name)[N], std::string_view value) {
      const MemberText member(separator(), name);
      out_.append(member.view());
      append_json_string(out_, value);
      return *this;
   }

   template <std::size_t N> ObjectWriter &number(const char (&name)[N], std::uint64_t value) {
      MemberText member(separator(), name);
      member.number(value);
      out_.append(member.view());
      return *this;
   }

   template <std::size_t N> ObjectWriter &flag(const char (&name)[N], bool value) {
      MemberText member(separator(), name);
      if (value) {
         member.word("true");
      } else {
         member.word("false");
      }
      out_.append(member.view());
      return *this;
   }

   // `append(out, value)` writes the member's value.
   template <std::size_t N, typename Value, typename Append>
   ObjectWriter &object(const char (&name)[N], const Value &value, Append append) {
      const MemberText member(separator(), name);
      out_.append(member.view());
      append(out_, value);
      return *this;
   }

   // `append(out, item)` writes each item of the array.
   template <std::size_t N, typename Items, typename Append>
   ObjectWriter &array(const char (&name)[N], const Items &items, Append append) {
      MemberText member(separator(), name);
      member.word("[");
      out_.append(member.view());
      for (std::size_t i = 0; i < items.size(); ++i) {
         if (i > 0) {
            out_.push_back(',');
         }
         append(out_, items[i]);
      }
      out_.push_back(']');
      return *this;
   }

   void end() {
      if (first_) {
         out_.push_back('{');
      }
      out_.push_back('}');
   }

 private:
   char separator() {
      const char separator = first_ ? '{' : ',';
      first_ = false;
      return separator;
   }

   std::string &out_;
   bool first_ = true;
};

void append_metrics(std::string &out, const FunctionMetrics &metrics) {
   ObjectWriter(out)
       .number("cyclomatic", metrics.cyclomatic)
       .number("cognitive", metrics.cognitive)
       .number("nesting_max", metrics.nesting_max)
       .number("lines", metrics.lines)
       .end();
}

void append_function(std::string &out, const FunctionInfo &function) {
   ObjectWriter(out)
       .text("name", function.name)
       .number("line_start", function.line_start)
       .number("line_end", function.line_end)
       .object("metrics", function.metrics, append_metrics)
       .end();
}

void append_satd(std::string &out, const SatdItem &item) {
   ObjectWriter(out)
       .text("marker", item.marker)
       .number("line", item.line)
       .number("column", item.column)
       .text("category", satd_category_name(item.category))
       .text("severity", satd_severity_name(item.severity))
       .text("text", item.text)
       .end();
}

void append_violation(std::string &out, const Violation &violation, std::string_view file) {
   ObjectWriter object(out);
   object.text("severity", violation_severity_name(violation.severity))
       .text("rule", gate_rule_name(violation.rule))
       .text("message", violation.message)
       .number("value", violation.value)
       .number("threshold", violation.threshold)
       .text("file", file)
       .number("line", violation.line);
   if (!violation.function.empty()) {
      object.text("function", violation.function);
   }
   object.end();
}

std::size_t estimated_size(const FileAnalysis &analysis) {
   std::size_t size = k_file_room + analysis.path.size() + analysis.skip_reason.size();
   for (const auto &function : analysis.functions) {
      size += k_function_room + function.name.size();
   }
   for (const auto &item : analysis.satd) {
      size += k_satd_room + item.marker.size() + item.text.size();
   }
   for (const auto &violation : analysis.violations) {
      size += k_violation_room + violation.message.size() + analysis.path.size() +
              violation.function.size();
   }
   return size;
}

// Reserves room for `more` bytes, at least doubling the capacity when it grows: a caller that
// appends many results to one string keeps amortised linear growth.
void reserve_more(std::string &out, std::size_t more) {
   if (out.capacity() - out.size() < more) {
      out.reserve(std::max(out.size() + more, 2 * out.capacity()));
   }
}

} // namespace

void append_json_text(const FileAnalysis &analysis, std::string &out) {
   reserve_more(out, estimated_size(analysis));
   ObjectWriter object(out);
   object.text("path", analysis.path)
       .text("language", language_name(analysis.language))
       .flag("skipped", analysis.skipped);
   if (analysis.skipped) {
      object.text("skip_reason", analysis.skip_reason);
   }
   object.number("bytes", analysis.bytes)
       .number("lines", analysis.lines)
       .array("functions", analysis.functions, append_function)
       .array("satd", analysis.satd, append_satd)
       .number("total_complexity", analysis.total_complexity)
       .array("violations", analysis.violations,
              [&](std::string &text, const Violation &violation) {
                 append_violation(text, violation, analysis.path);
              })
       .flag("truncated", analysis.truncated)
       .number("functions_total", analysis.functions_total)
       .number("satd_total", analysis.satd_total)
       .end();
}

} // namespace pmat::native
