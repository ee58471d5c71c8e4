// SPDX-License-Identifier: MIT
#include "report.hpp"

#include "utf8.hpp"

#include <pmat/plugin_api.h>

#include <iomanip>
#include <ostream>
#include <sstream>

namespace pmat::conformance {

namespace {

constexpr std::size_t k_output_lines = 25;

const char *tag(Outcome o) {
   switch (o) {
   case Outcome::Passed: return "PASS ";
   case Outcome::Failed: return "FAIL ";
   case Outcome::Skipped: return "SKIP ";
   case Outcome::Crashed: return "CRASH";
   case Outcome::TimedOut: return "HANG ";
   }
   return "?    ";
}

std::string last_lines(const std::string &text, std::size_t count) {
   std::size_t pos = text.size();
   for (std::size_t n = 0; n <= count && pos > 0; ++n)
      pos = text.rfind('\n', pos - 1);
   return printable(pos == std::string::npos ? text : text.substr(pos + 1));
}

void print_indented(std::ostream &out, const std::string &prefix, const std::string &text) {
   std::istringstream lines(text);
   std::string line;
   while (std::getline(lines, line))
      out << "        " << prefix << line << "\n";
}

} // namespace

void print_human_header(std::ostream &out, const Options &options, std::size_t selected) {
   out << "pmat-plugin-conformance (ABI " PMAT_PLUGIN_ABI_VERSION_STRING ")\n"
       << "plugin: " << options.plugin << "\n"
       << "level " << options.level << ", seed " << options.seed << ", " << selected
       << " tests, each in its own process\n\n";
}

void print_human_result(std::ostream &out, const TestResult &r, bool verbose) {
   out << "  " << tag(r.outcome) << " " << std::left << std::setw(34) << r.test->id << std::right
       << std::setw(7) << static_cast<long>(r.seconds * 1000) << " ms  [" << r.test->requirement
       << "]\n";
   for (const auto &m : r.messages)
      print_indented(out, "- ", printable(m));
   const bool problem = is_failure(r.outcome);
   if (verbose || problem) {
      for (const auto &n : r.notes)
         print_indented(out, "· ", printable(n));
   }
   if (problem && !r.output.empty()) {
      out << "        output (last lines):\n";
      print_indented(out, "| ", last_lines(r.output, k_output_lines));
   }
}

void print_human_summary(std::ostream &out, const RunReport &report) {
   out << "\n"
       << report.count(Outcome::Passed) << " passed, " << report.count(Outcome::Failed)
       << " failed, " << report.count(Outcome::Crashed) << " crashed, "
       << report.count(Outcome::TimedOut) << " timed out, " << report.count(Outcome::Skipped)
       << " skipped (of " << report.results.size() << ") in " << std::fixed << std::setprecision(1)
       << report.seconds << " s\n"
       << (report.failing() == 0 ? "RESULT: conformant at this level\n"
                                 : "RESULT: NOT conformant\n");
}

} // namespace pmat::conformance
