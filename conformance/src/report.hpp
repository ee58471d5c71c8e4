// SPDX-License-Identifier: MIT
// The three report formats: human text on stdout, JSON and JUnit XML files.
#pragma once

#include "result.hpp"

#include <iosfwd>
#include <string>

namespace pmat::conformance {

void print_human_header(std::ostream &out, const Options &options, std::size_t selected);
void print_human_result(std::ostream &out, const TestResult &result, bool verbose);
void print_human_summary(std::ostream &out, const RunReport &report);

// Write the report; return false (and say why on stderr) when the file cannot be written.
bool write_json_report(const RunReport &report, const std::string &path);
bool write_junit_report(const RunReport &report, const std::string &path);

} // namespace pmat::conformance
