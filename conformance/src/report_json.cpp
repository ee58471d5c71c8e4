// SPDX-License-Identifier: MIT
#include "report.hpp"

#include "utf8.hpp"

#include <pmat/plugin_api.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <fstream>
#include <iostream>

namespace pmat::conformance {

namespace {

boost::json::array strings(const std::vector<std::string> &lines) {
   boost::json::array out;
   for (const auto &line : lines)
      out.emplace_back(printable(line));
   return out;
}

boost::json::object test_json(const TestResult &r) {
   return {{"id", r.test->id},
           {"group", r.test->group},
           {"description", r.test->description},
           {"requirement", r.test->requirement},
           {"level", r.test->level},
           {"outcome", outcome_name(r.outcome)},
           {"duration_ms", static_cast<std::int64_t>(r.seconds * 1000)},
           {"messages", strings(r.messages)},
           {"notes", strings(r.notes)},
           {"output", printable(r.output)}};
}

boost::json::object summary_json(const RunReport &report) {
   return {{"total", report.results.size()},
           {"passed", report.count(Outcome::Passed)},
           {"failed", report.count(Outcome::Failed)},
           {"crashed", report.count(Outcome::Crashed)},
           {"timed_out", report.count(Outcome::TimedOut)},
           {"skipped", report.count(Outcome::Skipped)},
           {"conformant", report.failing() == 0}};
}

} // namespace

bool write_json_report(const RunReport &report, const std::string &path) {
   boost::json::array tests;
   for (const auto &r : report.results)
      tests.push_back(test_json(r));
   const Options &o = *report.options;
   const boost::json::object root{{"tool", "pmat-plugin-conformance"},
                                  {"abi_version", PMAT_PLUGIN_ABI_VERSION_STRING},
                                  {"plugin", o.plugin},
                                  {"level", o.level},
                                  {"seed", o.seed},
                                  {"started_at", report.started_at},
                                  {"duration_ms", static_cast<std::int64_t>(report.seconds * 1000)},
                                  {"summary", summary_json(report)},
                                  {"tests", std::move(tests)}};
   std::ofstream out(path, std::ios::trunc);
   out << boost::json::serialize(root) << "\n";
   if (!out) {
      std::cerr << "cannot write JSON report " << path << "\n";
      return false;
   }
   return true;
}

} // namespace pmat::conformance
