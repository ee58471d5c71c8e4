// SPDX-License-Identifier: MIT
// The native answer of a request: typed, serialised once, the same bytes and facts as the
// analyzer's JSON entry point and as a cached copy of the text.
#include <boost/test/unit_test.hpp>

#include "c_boundary.hpp"
#include "native_answer.hpp"
#include "object_text.hpp"

#include <boost/json/serialize.hpp>

#include <string>
#include <vector>

using pmat::plugin::answer_of;
using pmat::plugin::answer_of_text;

namespace {

struct Input {
   std::string path;
   std::string hint;
   std::string content;
};

const std::vector<Input> k_inputs = {
    {"busy.c", "",
     "int f(int a) {\n  // FIXME: later\n  if (a && a > 1 || a < 9) { while (a--) { if (a) "
     "{ if (a) { if (a) {} } } } }\n  return a;\n}\n"},
    {"x.py", "", "# TODO: more\ndef f(a):\n    return a or 1\n"},
    {"notes.txt", "", "plain words"},
    {"x.c", "cobol", "int f(void) { return 1; }\n"},
    {"bin.c", "", std::string("\0\1\2int", 7)},
    {"", "rust", "fn main() {}\n"},
};

pmat::native::Options strict() {
   pmat::native::Options options;
   options.profile = "strict";
   return options;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_typed_path_writes_what_the_json_entry_point_writes) {
   for (const auto &in : k_inputs) {
      const auto analysis = pmat::plugin::analyze_native(in.path, in.hint, in.content, strict());
      const auto answer = answer_of(analysis, "uncached");
      BOOST_TEST(answer.text == boost::json::serialize(pmat::native::analyze_file(
                                    in.path, in.hint, in.content, strict())),
                 in.path);
      BOOST_TEST(answer.skipped == analysis.skipped);
      BOOST_TEST(answer.source == "uncached");
   }
}

BOOST_AUTO_TEST_CASE(a_cached_text_gives_the_same_facts_as_the_typed_answer) {
   for (const auto &in : k_inputs) {
      const auto typed =
          answer_of(pmat::plugin::analyze_native(in.path, in.hint, in.content, strict()), "l1");
      const auto cached = answer_of_text(typed.text, "l1");
      BOOST_TEST(cached.text == typed.text);
      BOOST_TEST(cached.skipped == typed.skipped);
      BOOST_TEST(cached.language == typed.language);
      BOOST_TEST(cached.skip_reason == typed.skip_reason);
      BOOST_TEST(boost::json::serialize(cached.findings) == boost::json::serialize(typed.findings),
                 in.path);
   }
   const auto busy = answer_of(
       pmat::plugin::analyze_native(k_inputs[0].path, "", k_inputs[0].content, strict()), "l1");
   BOOST_TEST(busy.findings.size() >= 2U); // the SATD line and the function's complexity
   BOOST_TEST(busy.language == "c");
}

BOOST_AUTO_TEST_CASE(a_cached_text_that_is_not_an_object_is_an_internal_error) {
   for (const std::string text : {"", "{", "[1]", "null"}) {
      BOOST_CHECK_EXCEPTION(
          answer_of_text(text, "l2"), pmat::plugin::StatusError,
          [](const pmat::plugin::StatusError &e) { return e.status() == PMAT_STATUS_INTERNAL; });
   }
}

BOOST_AUTO_TEST_CASE(members_appended_to_an_objects_text_are_what_serialising_writes) {
   boost::json::object object{{"path", "a\"b.c"}, {"functions", boost::json::array{}}};
   pmat::plugin::ObjectText text(boost::json::serialize(object));
   text.add("engine", boost::json::string_view("native"));
   text.add("cache", boost::json::object{{"native", "computed"}});
   object["engine"] = "native";
   object["cache"] = boost::json::object{{"native", "computed"}};
   BOOST_TEST(text.take() == boost::json::serialize(object));
   pmat::plugin::ObjectText empty("{}");
   empty.add("a", 1);
   BOOST_TEST(empty.take() == R"({"a":1})");
}
