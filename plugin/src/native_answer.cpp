// SPDX-License-Identifier: MIT
#include "native_answer.hpp"

#include "c_boundary.hpp"

#include <boost/json/parse.hpp>

#include <exception>
#include <new>

namespace pmat::plugin {
namespace {

namespace native = pmat::native;

native::FileAnalysis skipped_file(std::string_view path, std::size_t bytes, std::string reason) {
   native::FileAnalysis analysis;
   analysis.path = std::string(path);
   analysis.bytes = bytes;
   analysis.skipped = true;
   analysis.skip_reason = std::move(reason);
   return analysis;
}

boost::json::object finding_of(const native::Violation &violation) {
   boost::json::object item{{"line", violation.line},
                            {"rule", native::gate_rule_name(violation.rule)}};
   if (!violation.function.empty())
      item["function"] = violation.function;
   item["message"] = violation.message;
   return item;
}

std::string string_field(const boost::json::object &object, const char *key) {
   const auto *value = object.if_contains(key);
   return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

// A cached answer's violations as Claude's prompt lists them: the same members in the same order
// as finding_of writes them from the typed violation.
boost::json::array findings_of(const boost::json::object &native) {
   boost::json::array out;
   const auto *violations = native.if_contains("violations");
   if (!violations || !violations->is_array())
      return out;
   for (const auto &value : violations->get_array()) {
      const auto *violation = value.if_object();
      if (!violation)
         continue;
      boost::json::object item;
      for (const char *key : {"line", "rule", "function", "message"})
         if (const auto *field = violation->if_contains(key))
            item[key] = *field;
      out.push_back(std::move(item));
   }
   return out;
}

} // namespace

native::FileAnalysis analyze_native(std::string_view path, std::string_view language_hint,
                                    std::string_view content, const native::Options &options) {
   const native::Language hinted = native::language_from_name(language_hint);
   if (!language_hint.empty() && hinted == native::Language::Unknown)
      return skipped_file(path, content.size(),
                          "unsupported language '" + std::string(language_hint) + "'");
   try {
      return native::analyze(path, hinted, content, options);
   } catch (const std::bad_alloc &) {
      throw;
   } catch (const std::exception &error) {
      // The analysis is written not to throw; a result beats losing the request.
      return skipped_file(path, content.size(), std::string("internal error: ") + error.what());
   }
}

NativeAnswer answer_of(const native::FileAnalysis &analysis, std::string source) {
   NativeAnswer answer;
   native::append_json_text(analysis, answer.text);
   answer.source = std::move(source);
   answer.skipped = analysis.skipped;
   answer.language = std::string(native::language_name(analysis.language));
   answer.skip_reason = analysis.skip_reason;
   answer.findings.reserve(analysis.violations.size());
   for (const auto &violation : analysis.violations)
      answer.findings.push_back(finding_of(violation));
   return answer;
}

NativeAnswer answer_of_text(std::string text, std::string source) {
   boost::json::error_code ec;
   const boost::json::value parsed = boost::json::parse(text, ec);
   if (ec || !parsed.is_object())
      throw StatusError(PMAT_STATUS_INTERNAL, "a cached native answer is not a JSON object");
   const auto &object = parsed.get_object();
   NativeAnswer answer;
   const auto *skipped = object.if_contains("skipped");
   answer.skipped = skipped && skipped->is_bool() && skipped->get_bool();
   answer.language = string_field(object, "language");
   answer.skip_reason = string_field(object, "skip_reason");
   answer.findings = findings_of(object);
   answer.text = std::move(text);
   answer.source = std::move(source);
   return answer;
}

} // namespace pmat::plugin
