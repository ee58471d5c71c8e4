// SPDX-License-Identifier: MIT
#include "test_support.hpp"

#include <pmat/cache/key.hpp>

#include <boost/test/unit_test.hpp>

#include <set>

using namespace pmat::cache;

namespace {

KeyInputs base() {
   KeyInputs in;
   in.content = "fn main() {}";
   in.language = "rust";
   in.engine = Engine::Claude;
   in.model = "claude-sonnet";
   in.prompt_version = "p1";
   in.analyzer_version = "0.1.0";
   in.options_json = R"({"profile":"default"})";
   return in;
}

} // namespace

BOOST_AUTO_TEST_SUITE(key)

// Pinned so that an accidental change to the encoding (which would orphan every stored entry
// and break sharing between runners on different versions) fails loudly. Bump
// k_key_namespace_version and this vector together when the change is intended.
BOOST_AUTO_TEST_CASE(digest_is_stable_across_builds) {
   // Cross-checked with an independent Python implementation (docs/cache.md "Key").
   BOOST_TEST(make_key(base()).hex() ==
              "97ec77e1e3c7381b173c06fb8ae72dd4894d3d61a5769ed233d12400f2b4dc8d");
}

BOOST_AUTO_TEST_CASE(every_field_changes_the_key) {
   std::set<std::string> seen{make_key(base()).hex()};
   auto vary = [&](auto mutate) {
      KeyInputs in = base();
      mutate(in);
      return seen.insert(make_key(in).hex()).second;
   };
   BOOST_TEST(vary([](KeyInputs &in) { in.namespace_version = 2; }));
   BOOST_TEST(vary([](KeyInputs &in) { in.content = "fn main() { }"; }));
   BOOST_TEST(vary([](KeyInputs &in) { in.language = "c"; }));
   BOOST_TEST(vary([](KeyInputs &in) { in.engine = Engine::Native; }));
   BOOST_TEST(vary([](KeyInputs &in) { in.model = "claude-opus"; }));
   BOOST_TEST(vary([](KeyInputs &in) { in.prompt_version = "p2"; }));
   BOOST_TEST(vary([](KeyInputs &in) { in.analyzer_version = "0.1.1"; }));
   BOOST_TEST(vary([](KeyInputs &in) { in.options_json = R"({"profile":"strict"})"; }));
}

// Length prefixes make the encoding injective: moving bytes between fields changes the key.
BOOST_AUTO_TEST_CASE(field_boundaries_cannot_be_shifted) {
   KeyInputs a = base(), b = base();
   a.language = "rus";
   a.model = "tclaude-sonnet";
   b.language = "rust";
   b.model = "claude-sonnet";
   BOOST_TEST(canonical_key_encoding(a) != canonical_key_encoding(b));
   BOOST_TEST(make_key(a).hex() != make_key(b).hex());
}

BOOST_AUTO_TEST_CASE(options_are_canonicalised) {
   BOOST_TEST(canonical_options(R"( { "b" : [1, {"d":1,"c":2}], "a":"x" } )") ==
              R"({"a":"x","b":[1,{"c":2,"d":1}]})");
   KeyInputs a = base(), b = base();
   a.options_json = R"({"profile":"default","engine":"claude"})";
   b.options_json = R"({ "engine": "claude", "profile": "default" })";
   BOOST_TEST(make_key(a).hex() == make_key(b).hex());
   BOOST_TEST(canonical_options("") == "{}");
}

BOOST_AUTO_TEST_CASE(invalid_options_still_key_deterministically) {
   KeyInputs a = base();
   a.options_json = "{not json";
   BOOST_TEST(canonical_options(a.options_json) == "\x01raw:{not json");
   BOOST_TEST(make_key(a).hex() == make_key(a).hex());
   BOOST_TEST(make_key(a).hex() != make_key(base()).hex());
}

BOOST_AUTO_TEST_CASE(empty_content_is_a_valid_key) {
   KeyInputs in = base();
   in.content = "";
   BOOST_TEST(make_key(in).hex().size() == 64u); // upstream debug-asserted on an empty key
}

BOOST_AUTO_TEST_SUITE_END()
