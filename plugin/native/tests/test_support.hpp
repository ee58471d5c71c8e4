// SPDX-License-Identifier: MIT
#pragma once
// Helpers shared by the native analyzer's tests.

#include <pmat/native/analysis.hpp>

#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <string_view>

namespace pmat::native {

// Printers so that Boost.Test can show enum values in failure messages.
inline std::ostream &operator<<(std::ostream &out, Language value) {
   return out << language_name(value);
}
inline std::ostream &operator<<(std::ostream &out, SatdCategory value) {
   return out << satd_category_name(value);
}
inline std::ostream &operator<<(std::ostream &out, SatdSeverity value) {
   return out << satd_severity_name(value);
}
inline std::ostream &operator<<(std::ostream &out, GateRule value) {
   return out << gate_rule_name(value);
}
inline std::ostream &operator<<(std::ostream &out, ViolationSeverity value) {
   return out << violation_severity_name(value);
}

} // namespace pmat::native

namespace pmat::native::test {

inline FileAnalysis run(Language language, std::string_view source,
                        std::string profile = "default") {
   Options options;
   options.profile = std::move(profile);
   return analyze("input", language, source, options);
}

// The function called `name` (qualified), failing the test when it is absent.
inline const FunctionInfo &function_named(const FileAnalysis &analysis, std::string_view name) {
   for (const auto &function : analysis.functions) {
      if (function.name == name) {
         return function;
      }
   }
   std::string names;
   for (const auto &function : analysis.functions) {
      names += function.name + " ";
   }
   BOOST_FAIL("no function '" << name << "' among: " << names);
   return analysis.functions.front(); // not reached
}

inline std::uint32_t cyclomatic(const FileAnalysis &analysis, std::string_view name) {
   return function_named(analysis, name).metrics.cyclomatic;
}

inline std::uint32_t cognitive(const FileAnalysis &analysis, std::string_view name) {
   return function_named(analysis, name).metrics.cognitive;
}

} // namespace pmat::native::test
