// SPDX-License-Identifier: MIT
#include "same_read.hpp"

#include <report/object_read.hpp>
#include <report/stream_read.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <string_view>

namespace pmat::report::testing {
namespace {

class Differences {
 public:
   template <typename T> void compare(const std::string &name, const T &streamed, const T &ref) {
      if (!(streamed == ref))
         found_.push_back(name);
   }

   template <typename T>
   void compare_items(const std::string &name, const std::vector<T> &streamed,
                      const std::vector<T> &ref) {
      compare(name + ".size", streamed.size(), ref.size());
      for (std::size_t i = 0; i < streamed.size() && i < ref.size(); ++i)
         compare(name + "[" + std::to_string(i) + "]", streamed[i], ref[i]);
   }

   std::vector<std::string> found() && { return std::move(found_); }

 private:
   std::vector<std::string> found_;
};

std::string joined(const std::vector<std::string> &names) {
   std::string out;
   for (const auto &name : names)
      out += (out.empty() ? "" : ", ") + name;
   return out;
}

// The text as a test message: short, for the texts a test builds big on purpose.
std::string shown(const std::string &text) {
   constexpr std::size_t k_shown = 300;
   return text.size() <= k_shown ? text : text.substr(0, k_shown) + "...";
}

} // namespace

std::vector<std::string> differences(const FileResult &streamed, const FileResult &reference) {
   Differences out;
   out.compare("well_formed", streamed.well_formed, reference.well_formed);
   out.compare("path", streamed.path, reference.path);
   out.compare("skipped", streamed.skipped, reference.skipped);
   out.compare("engine", streamed.engine, reference.engine);
   out.compare("fallback_reason", streamed.fallback_reason, reference.fallback_reason);
   out.compare_items("functions", streamed.functions, reference.functions);
   out.compare("satd_severities", streamed.satd_severities, reference.satd_severities);
   out.compare_items("violations", streamed.violations, reference.violations);
   out.compare("claude", streamed.claude.has_value(), reference.claude.has_value());
   return std::move(out).found();
}

void check_streamed_like_object(const std::string &text) {
   FileResult streamed;
   const auto read = detail::stream_read(text, streamed);
   BOOST_TEST_REQUIRE((read.outcome == detail::StreamOutcome::Read),
                      "not read streaming: " << shown(text) << " (" << read.error.message() << ")");
   const FileResult reference = detail::read_object(boost::json::parse(text).as_object());
   const auto differ = differences(streamed, reference);
   BOOST_TEST(differ.empty(), shown(text) << " differs in: " << joined(differ));
}

void check_same_parse(const std::string &text) {
   std::string streamed_error;
   std::string object_error;
   const auto streamed = parse_file_result(text, false, streamed_error);
   const auto reference = parse_file_result(text, true, object_error);
   BOOST_TEST(streamed.has_value() == reference.has_value(), shown(text));
   BOOST_TEST(streamed_error == object_error, shown(text));
   if (streamed && reference) {
      BOOST_TEST(streamed->text == text);
      const auto differ = differences(*streamed, *reference);
      BOOST_TEST(differ.empty(), shown(text) << " differs in: " << joined(differ));
   }
}

} // namespace pmat::report::testing
