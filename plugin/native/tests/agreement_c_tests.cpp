// SPDX-License-Identifier: MIT
// C cyclomatic complexity agrees with pmccabe's traditional McCabe column (the 2nd) for at least
// 98% of the functions of every gnulib C source (/usr/share/gnulib/lib/**/*.c, Debian's `gnulib`).
#define BOOST_TEST_MODULE pmat_native_agreement_c
#include "agreement_support.hpp"

#include <map>
#include <utility>

using namespace pmat::native;
using namespace pmat::native::test;

namespace {

const std::filesystem::path k_gnulib = "/usr/share/gnulib/lib";

struct Reference {
   std::string name;
   unsigned line = 0;     // line pmccabe names the function at
   unsigned end_line = 0; // last line of the function
   unsigned complexity = 0;
};

// pmccabe output: modified, traditional, statements, first line, lines, "file(line): name".
std::vector<std::pair<std::string, Reference>> parse_pmccabe(const std::string &output) {
   std::vector<std::pair<std::string, Reference>> rows;
   std::istringstream in(output);
   std::string line;
   while (std::getline(in, line)) {
      unsigned modified = 0, first = 0, count = 0, statements = 0;
      Reference ref;
      std::istringstream fields(line);
      std::string location;
      fields >> modified >> ref.complexity >> statements >> first >> count;
      std::getline(fields >> std::ws, location);
      const auto open = location.rfind('(', location.find("): "));
      const auto close = location.find("): ");
      if (open == std::string::npos || close == std::string::npos) {
         continue;
      }
      ref.line = static_cast<unsigned>(std::stoul(location.substr(open + 1, close - open - 1)));
      ref.name = location.substr(close + 3);
      ref.end_line = first + count - 1;
      rows.emplace_back(location.substr(0, open), ref);
   }
   return rows;
}

// Ours, by (file, line of the name) and by (file, last line): pmccabe sometimes names a
// function after a macro that precedes it, but the body it measures ends on the same line.
struct Ours {
   std::map<std::pair<std::string, unsigned>, std::vector<const FunctionInfo *>> by_line, by_end;
   std::vector<FileAnalysis> files;
};

bool agrees(const Ours &ours, const std::string &file, const Reference &ref) {
   const auto check = [&](const auto &index, unsigned line) {
      const auto it = index.find({file, line});
      if (it == index.end()) {
         return false;
      }
      return std::any_of(it->second.begin(), it->second.end(), [&](const FunctionInfo *f) {
         return f->metrics.cyclomatic == ref.complexity;
      });
   };
   return check(ours.by_line, ref.line) || check(ours.by_end, ref.end_line);
}

} // namespace

BOOST_AUTO_TEST_CASE(cyclomatic_agrees_with_pmccabe_on_gnulib) {
   require_directory(k_gnulib, "gnulib");
   BOOST_REQUIRE_MESSAGE(std::filesystem::exists("/usr/bin/pmccabe"),
                         "install the Debian package 'pmccabe'");
   const auto files = files_under(k_gnulib, {".c"});
   BOOST_REQUIRE(files.size() > 500U);
   std::string command = "cd " + shell_quote(k_gnulib.string()) + " && pmccabe";
   Ours ours;
   ours.files.reserve(files.size());
   for (const auto &path : files) {
      const std::string relative = path.lexically_relative(k_gnulib).string();
      command += " " + shell_quote(relative);
      ours.files.push_back(analyze(relative, Language::C, read_file(path), Options{}));
   }
   for (const auto &file : ours.files) {
      for (const auto &function : file.functions) {
         ours.by_line[{file.path, function.line_start}].push_back(&function);
         ours.by_end[{file.path, function.line_end}].push_back(&function);
      }
   }
   const auto reference = parse_pmccabe(run_command(command + " 2>/dev/null", true));
   BOOST_REQUIRE(reference.size() > 2000U);
   std::size_t agreeing = 0;
   for (const auto &[file, ref] : reference) {
      if (agrees(ours, file, ref)) {
         ++agreeing;
      } else {
         BOOST_TEST_MESSAGE("differs: " << file << ":" << ref.line << " " << ref.name << " pmccabe "
                                        << ref.complexity);
      }
   }
   const double percent =
       100.0 * static_cast<double>(agreeing) / static_cast<double>(reference.size());
   BOOST_TEST_MESSAGE("C agreement with pmccabe: " << agreeing << "/" << reference.size() << " = "
                                                   << percent << "% over " << files.size()
                                                   << " files");
   BOOST_TEST(percent >= 98.0);
}
