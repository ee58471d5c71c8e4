// SPDX-License-Identifier: MIT
// pmat-plugin-conformance: validates a pmat plugin against plugin_api.h, one process per test.
#include "child.hpp"
#include "report.hpp"
#include "runner.hpp"

#include <chrono>
#include <ctime>
#include <iostream>
#include <regex>
#include <unistd.h>

using namespace pmat::conformance;

namespace {

std::vector<const TestCase *> select_tests(const Options &o) {
   const std::regex filter(o.filter.empty() ? std::string(".*") : o.filter, std::regex::ECMAScript);
   std::vector<const TestCase *> out;
   for (const auto &t : all_tests())
      if (t.level <= o.level && std::regex_search(std::string(t.id), filter))
         out.push_back(&t);
   return out;
}

void list_tests(const std::vector<const TestCase *> &tests) {
   for (const auto *t : tests)
      std::cout << t->id << "\t" << t->level << "\t" << t->requirement << "\t" << t->description
                << "\n";
}

std::string utc_now() {
   const std::time_t now = std::time(nullptr);
   std::tm tm{};
   gmtime_r(&now, &tm);
   char buf[32];
   std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
   return buf;
}

std::string hostname() {
   char buf[256] = {};
   ::gethostname(buf, sizeof buf - 1);
   return buf;
}

bool write_reports(const RunReport &report, const Options &o) {
   bool ok = true;
   if (!o.json_path.empty())
      ok = write_json_report(report, o.json_path) && ok;
   if (!o.junit_path.empty())
      ok = write_junit_report(report, o.junit_path) && ok;
   return ok;
}

int run_all(const Options &o) {
   const auto tests = select_tests(o);
   if (o.list) {
      list_tests(tests);
      return 0;
   }
   RunReport report{&o, {}, 0, utc_now(), hostname()};
   print_human_header(std::cout, o, tests.size());
   const auto start = std::chrono::steady_clock::now();
   for (const auto *t : tests) {
      report.results.push_back(run_isolated(o, *t));
      print_human_result(std::cout, report.results.back(), o.verbose);
      std::cout.flush();
   }
   report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
   print_human_summary(std::cout, report);
   const bool written = write_reports(report, o);
   if (tests.empty())
      std::cerr << "no test matches --filter/--level\n";
   return report.failing() == 0 && written && !tests.empty() ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
   int exit_code = 0;
   const auto options = parse_options(argc, argv, std::cerr, exit_code);
   if (!options)
      return exit_code;
   try {
      return options->run_one.empty() ? run_all(*options) : run_one(*options);
   } catch (const std::regex_error &e) {
      std::cerr << "bad --filter regex: " << e.what() << "\n";
      return 2;
   }
}
