// SPDX-License-Identifier: MIT
#include "report.hpp"

#include "utf8.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace pmat::conformance {

namespace {

// XML 1.0 allows no control characters other than tab/newline/CR; printable() already replaced
// those and invalid UTF-8, so only the five markup characters remain to escape.
std::string xml(std::string_view raw) {
   const std::string text = printable(raw);
   std::string out;
   out.reserve(text.size());
   for (const char c : text) {
      switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
      }
   }
   return out;
}

std::string seconds(double s) {
   std::ostringstream out;
   out.setf(std::ios::fixed);
   out.precision(3);
   out << s;
   return out.str();
}

std::string joined(const std::vector<std::string> &lines) {
   std::string out;
   for (const auto &l : lines)
      out += l + "\n";
   return out;
}

// JUnit has failure (an assertion failed), error (the test could not finish) and skipped.
void write_verdict(std::ostream &out, const TestResult &r) {
   const std::string first = r.messages.empty() ? std::string() : r.messages.front();
   const std::string body = joined(r.messages) + (r.output.empty() ? "" : "\n" + r.output);
   switch (r.outcome) {
   case Outcome::Passed: return;
   case Outcome::Skipped: out << "      <skipped message=\"" << xml(first) << "\"/>\n"; return;
   case Outcome::Failed:
      out << "      <failure type=\"Failed\" message=\"" << xml(first) << "\">" << xml(body)
          << "</failure>\n";
      return;
   case Outcome::Crashed:
   case Outcome::TimedOut:
      out << "      <error type=\"" << (r.outcome == Outcome::Crashed ? "Crashed" : "TimedOut")
          << "\" message=\"" << xml(first) << "\">" << xml(body) << "</error>\n";
      return;
   }
}

void write_case(std::ostream &out, const TestResult &r) {
   out << "    <testcase classname=\"pmat-plugin-conformance." << xml(r.test->group) << "\" name=\""
       << xml(r.test->id) << "\" time=\"" << seconds(r.seconds) << "\">\n";
   write_verdict(out, r);
   out << "      <system-out>"
       << xml(std::string(r.test->description) +
              "\nrequirement: " + std::string(r.test->requirement) + "\n" + joined(r.notes))
       << "</system-out>\n    </testcase>\n";
}

} // namespace

bool write_junit_report(const RunReport &report, const std::string &path) {
   const auto failures = report.count(Outcome::Failed);
   const auto errors = report.count(Outcome::Crashed) + report.count(Outcome::TimedOut);
   const auto skipped = report.count(Outcome::Skipped);
   const auto total = report.results.size();
   std::ofstream out(path, std::ios::trunc);
   out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       // No `skipped` on <testsuites>: the widely used junit-10.xsd allows it only on <testsuite>.
       << "<testsuites name=\"pmat-plugin-conformance\" tests=\"" << total << "\" failures=\""
       << failures << "\" errors=\"" << errors << "\" time=\"" << seconds(report.seconds) << "\">\n"
       << "  <testsuite name=\"pmat-plugin-conformance\" tests=\"" << total << "\" failures=\""
       << failures << "\" errors=\"" << errors << "\" skipped=\"" << skipped << "\" time=\""
       << seconds(report.seconds) << "\" timestamp=\"" << xml(report.started_at) << "\" hostname=\""
       << xml(report.hostname) << "\">\n"
       << "    <properties>\n"
       << "      <property name=\"plugin\" value=\"" << xml(report.options->plugin) << "\"/>\n"
       << "      <property name=\"level\" value=\"" << report.options->level << "\"/>\n"
       << "      <property name=\"seed\" value=\"" << report.options->seed << "\"/>\n"
       << "    </properties>\n";
   for (const auto &r : report.results)
      write_case(out, r);
   out << "  </testsuite>\n</testsuites>\n";
   if (!out) {
      std::cerr << "cannot write JUnit report " << path << "\n";
      return false;
   }
   return true;
}

} // namespace pmat::conformance
