// SPDX-License-Identifier: MIT
#include "file_result.hpp"

#include "object_read.hpp"
#include "stream_read.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>

namespace pmat::report {
bool FileResult::has_fixes() const {
   return claude &&
          std::any_of(claude->findings.begin(), claude->findings.end(),
                      [](const ClaudeFinding &finding) { return finding.fix.has_value(); });
}

double FileResult::cost_usd() const {
   return claude ? claude->usage.cost_usd : 0;
}

namespace {

std::string parse_error(const boost::json::error_code &ec) {
   return ec ? "not JSON (" + ec.message() + ")" : "not a JSON object";
}

// The reference read, from the parsed object: for answers with Claude's part, and for callers
// that keep the object.
std::optional<FileResult> parse_object(std::string text, bool keep_json, std::string &error) {
   // The parsed value lives only for this call unless kept: one arena, freed at once.
   boost::json::monotonic_resource arena;
   boost::json::error_code ec;
   boost::json::value value =
       keep_json ? boost::json::parse(text, ec) : boost::json::parse(text, ec, &arena);
   if (ec || !value.is_object()) {
      error = parse_error(ec);
      return std::nullopt;
   }
   FileResult result = detail::read_object(value.get_object());
   result.text = std::move(text);
   if (keep_json)
      result.json = std::move(value.get_object());
   return result;
}

} // namespace

std::optional<FileResult> parse_file_result(std::string text, bool keep_json, std::string &error) {
   if (keep_json)
      return parse_object(std::move(text), true, error);
   // Most answers are the native analyzer's alone: read straight from the text, no object built.
   FileResult result;
   const detail::StreamRead read = detail::stream_read(text, result);
   switch (read.outcome) {
   case detail::StreamOutcome::Read: result.text = std::move(text); return result;
   case detail::StreamOutcome::HasClaude: return parse_object(std::move(text), false, error);
   default: error = parse_error(read.error); return std::nullopt;
   }
}

void append_member(std::string &object_text, std::string_view key,
                   const boost::json::value &value) {
   // A plugin's text may have whitespace around and inside its braces ("{ }\n").
   const auto trim = [&object_text] {
      while (!object_text.empty() && std::isspace(static_cast<unsigned char>(object_text.back())))
         object_text.pop_back();
   };
   trim();
   object_text.pop_back(); // the closing brace
   trim();
   if (object_text.back() != '{')
      object_text += ',';
   object_text += boost::json::serialize(boost::json::string_view(key.data(), key.size()));
   object_text += ':';
   object_text += boost::json::serialize(value);
   object_text += '}';
}

boost::json::object violation_json(const ResultViolation &violation) {
   boost::json::object out{{"severity", violation.severity},
                           {"rule", violation.rule},
                           {"message", violation.message},
                           {"value", violation.value},
                           {"threshold", violation.threshold},
                           {"file", violation.file},
                           {"line", violation.line}};
   if (!violation.function.empty())
      out["function"] = violation.function;
   return out;
}

} // namespace pmat::report
