// SPDX-License-Identifier: MIT
// The streaming read on the real plugin's answers: the build tree's plugin, opened through the
// shim's C API as pmat-host opens it, analyses this repository's sources (and a few written to
// have findings) natively under two profiles; every answer must read streaming to exactly what
// the parsed object gives.
#define BOOST_TEST_MODULE pmat_report_plugin_answers_tests
#include "same_read.hpp"

#include <pmat/host_shim.h>

#include <boost/test/unit_test.hpp>

#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

// A fresh directory for the plugin's state (cache, flags, staged copies), removed at the end.
struct PrivateRoot {
   PrivateRoot() {
      std::string pattern = (fs::temp_directory_path() / "pmat-report-answers-XXXXXX").string();
      BOOST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
      path = pattern;
      ::setenv("XDG_CONFIG_HOME", (path / "xdg-config").c_str(), 1);
      ::setenv("XDG_CACHE_HOME", (path / "xdg-cache").c_str(), 1);
   }
   ~PrivateRoot() { fs::remove_all(path); }
   PrivateRoot(const PrivateRoot &) = delete;
   PrivateRoot &operator=(const PrivateRoot &) = delete;

   fs::path path;
};

// The build tree's plugin, served by the shim.
class Plugin {
 public:
   explicit Plugin(const fs::path &staging) {
      pmat_shim_options options{};
      options.struct_size = sizeof options;
      options.plugin_dir = PMAT_TEST_PLUGIN_DIR;
      const std::string stage = staging.string();
      options.staging_dir = stage.c_str();
      BOOST_REQUIRE_MESSAGE(pmat_shim_open(&options, &shim_) == PMAT_STATUS_OK,
                            pmat_shim_last_error());
   }
   ~Plugin() { pmat_shim_close(shim_); }
   Plugin(const Plugin &) = delete;
   Plugin &operator=(const Plugin &) = delete;

   // The plugin's answer for `content` named `path`, as pmat-host receives it.
   std::string analyze(const std::string &path, const std::string &content,
                       const std::string &options_json) {
      pmat_analyze_request request{};
      request.struct_size = sizeof request;
      request.path = path.c_str();
      request.content = reinterpret_cast<const std::uint8_t *>(content.data());
      request.content_size = content.size();
      request.options_json = options_json.c_str();
      char *json = nullptr;
      std::size_t size = 0;
      BOOST_REQUIRE_MESSAGE(pmat_shim_analyze(shim_, &request, &json, &size) == PMAT_STATUS_OK,
                            path << ": " << pmat_shim_last_error());
      std::string answer(json, size);
      pmat_shim_free(json);
      return answer;
   }

 private:
   pmat_shim *shim_ = nullptr;
};

bool is_source(const fs::path &path) {
   static const std::vector<std::string> k_suffixes = {".c",  ".h",  ".cpp", ".hpp", ".ts",
                                                       ".js", ".py", ".rs",  ".sh"};
   return std::find(k_suffixes.begin(), k_suffixes.end(), path.extension().string()) !=
          k_suffixes.end();
}

// This repository's sources under `folders`, sorted, with their text.
std::vector<std::pair<std::string, std::string>> repository_sources() {
   std::vector<std::pair<std::string, std::string>> out;
   const fs::path root = PMAT_TEST_SOURCE_DIR;
   for (const char *folder : {"plugin", "host-shim", "bridge/src", "conformance", "bench"}) {
      for (const auto &entry : fs::recursive_directory_iterator(root / folder)) {
         if (entry.is_regular_file() && is_source(entry.path())) {
            std::ifstream in(entry.path(), std::ios::binary);
            out.emplace_back(fs::relative(entry.path(), root).string(),
                             std::string(std::istreambuf_iterator<char>(in), {}));
         }
      }
   }
   std::sort(out.begin(), out.end());
   return out;
}

// Sources written to give every part of an answer: violations, SATD items of each severity, a
// skipped binary file and a language the analyzer does not know.
std::vector<std::pair<std::string, std::string>> written_sources() {
   std::string busy = "int busy(int a) {\n";
   for (int i = 0; i < 14; ++i)
      busy += "  if (a == " + std::to_string(i) + " && a > 1) { while (a) { a--; } }\n";
   busy += "  return a; /* FIXME: \"quoted\" \\ é */\n}\n";
   return {{"written/busy.c", busy},
           {"written/debt.py", "# TODO: paging\n# HACK: retry\n# XXX: race\ndef f():\n"
                               "    return 1  # BUG: off by one\n"},
           {"written/blob.bin", std::string("\0\1\2\3int f(){}", 13)},
           {"written/notes.txt", "plain text\n"}};
}

struct Coverage {
   int answers = 0;
   int with_functions = 0;
   int with_satd = 0;
   int with_violations = 0;
   int skipped = 0;

   void count(const pmat::report::FileResult &result) {
      ++answers;
      with_functions += result.functions.empty() ? 0 : 1;
      with_satd += result.satd_severities.empty() ? 0 : 1;
      with_violations += result.violations.empty() ? 0 : 1;
      skipped += result.skipped ? 1 : 0;
   }
};

} // namespace

BOOST_AUTO_TEST_CASE(the_plugins_answers_read_streaming_as_from_the_parsed_object) {
   const PrivateRoot root;
   Plugin plugin(root.path / "stage");
   auto sources = repository_sources();
   BOOST_REQUIRE(sources.size() > 100U);
   for (auto &written : written_sources())
      sources.push_back(std::move(written));
   Coverage coverage;
   for (const char *options : {R"({"engine":"native","profile":"default"})",
                               R"({"engine":"native","profile":"strict"})"}) {
      for (const auto &[path, content] : sources) {
         const std::string answer = plugin.analyze(path, content, options);
         pmat::report::testing::check_streamed_like_object(answer);
         pmat::report::testing::check_same_parse(answer);
         std::string error;
         coverage.count(pmat::report::parse_file_result(answer, false, error).value());
      }
   }
   BOOST_TEST_MESSAGE(coverage.answers << " answers: " << coverage.with_functions
                                       << " with functions, " << coverage.with_satd
                                       << " with SATD, " << coverage.with_violations
                                       << " with violations, " << coverage.skipped << " skipped");
   // The comparison saw every part of an answer, not only empty ones.
   BOOST_TEST(coverage.answers == static_cast<int>(2 * sources.size()));
   BOOST_TEST(coverage.with_functions > 100);
   BOOST_TEST(coverage.with_satd > 0);
   BOOST_TEST(coverage.with_violations > 0);
   BOOST_TEST(coverage.skipped > 0);
}
