// SPDX-License-Identifier: MIT
// JSON strings and integers as text, held to Boost.JSON's own serializer byte for byte: the
// native result and the host's report are written with these and read as Boost writes.
#include <boost/test/unit_test.hpp>

#include <pmat/common/json_text.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <limits>
#include <string>

using pmat::common::append_json_integer;
using pmat::common::append_json_string;

namespace {

std::string written(std::string_view text) {
   std::string out;
   append_json_string(out, text);
   return out;
}

std::string boost_writes(std::string_view text) {
   return boost::json::serialize(boost::json::value(boost::json::string_view(text)));
}

} // namespace

BOOST_AUTO_TEST_CASE(every_byte_is_escaped_as_boost_escapes_it) {
   for (int byte = 0; byte < 256; ++byte) {
      const std::string text = "a" + std::string(1, static_cast<char>(byte)) + "z";
      BOOST_TEST(written(text) == boost_writes(text), "byte " << byte);
   }
}

BOOST_AUTO_TEST_CASE(hostile_strings_are_written_as_boost_writes_them) {
   for (const std::string_view text :
        {std::string_view(""), std::string_view("plain"), std::string_view("\"quoted\" \\ / path"),
         std::string_view("tab\there\nnew line\r\f\b"), std::string_view("\x01\x1f\x7f", 3),
         std::string_view("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
         std::string_view("bad \xff\xfe utf-8"), std::string_view("nul \0 inside", 12)})
      BOOST_TEST(written(text) == boost_writes(text));
   BOOST_TEST(written("\x1f") == "\"\\u001f\""); // lower-case hex, whatever Boost does later
}

BOOST_AUTO_TEST_CASE(appending_keeps_what_the_string_held) {
   std::string out = "{\"k\":";
   append_json_string(out, "v");
   BOOST_TEST(out == "{\"k\":\"v\"");
}

BOOST_AUTO_TEST_CASE(integers_are_written_as_boost_writes_them) {
   for (const std::int64_t value :
        {std::int64_t{0}, std::int64_t{7}, std::int64_t{-1},
         std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
      std::string out;
      append_json_integer(out, value);
      BOOST_TEST(out == boost::json::serialize(boost::json::value(value)));
   }
   std::string out;
   append_json_integer(out, std::numeric_limits<std::uint64_t>::max());
   BOOST_TEST(out == boost::json::serialize(
                         boost::json::value(std::numeric_limits<std::uint64_t>::max())));
}
