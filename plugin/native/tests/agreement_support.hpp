// SPDX-License-Identifier: MIT
#pragma once
// Helpers for the tests that compare the analyzer with reference tools on real code installed by
// packaging/install-deps.sh. A missing package fails the test (never a silent skip).

#include <pmat/native/analysis.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace pmat::native::test {

inline std::string read_file(const std::filesystem::path &path) {
   std::ifstream in(path, std::ios::binary);
   std::ostringstream buffer;
   buffer << in.rdbuf();
   return buffer.str();
}

// Sorted regular files under `root` whose extension is one of `extensions`.
inline std::vector<std::filesystem::path> files_under(const std::filesystem::path &root,
                                                      const std::vector<std::string> &extensions) {
   std::vector<std::filesystem::path> files;
   for (const auto &entry : std::filesystem::recursive_directory_iterator(
            root, std::filesystem::directory_options::skip_permission_denied)) {
      const auto ext = entry.path().extension().string();
      if (entry.is_regular_file() &&
          std::find(extensions.begin(), extensions.end(), ext) != extensions.end()) {
         files.push_back(entry.path());
      }
   }
   std::sort(files.begin(), files.end());
   return files;
}

inline void require_directory(const std::filesystem::path &dir, const std::string &package) {
   BOOST_REQUIRE_MESSAGE(std::filesystem::is_directory(dir),
                         dir.string() << " is missing: install the Debian package '" << package
                                      << "' (packaging/install-deps.sh does)");
}

// Runs a shell command and returns its standard output; fails the test on a non-zero exit unless
// `any_status` (pmccabe exits 2 when it meets a file it cannot parse, yet reports the others).
inline std::string run_command(const std::string &command, bool any_status = false) {
   std::unique_ptr<FILE, int (*)(FILE *)> pipe(popen(command.c_str(), "r"), pclose);
   BOOST_REQUIRE_MESSAGE(pipe != nullptr, "cannot run " << command);
   std::string output;
   std::array<char, 65536> buffer{};
   std::size_t got = 0;
   while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0) {
      output.append(buffer.data(), got);
   }
   const int status = pclose(pipe.release());
   BOOST_REQUIRE_MESSAGE(any_status || status == 0,
                         "command failed (" << status << "): " << command.substr(0, 200));
   return output;
}

inline std::string shell_quote(const std::string &text) {
   std::string quoted = "'";
   for (char c : text) {
      quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
   }
   return quoted + "'";
}

} // namespace pmat::native::test
