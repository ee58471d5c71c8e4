// SPDX-License-Identifier: MIT
// Always-on counterpart of fuzz/frame_decoder_fuzzer.cpp: mutates the shared vectors (and a few
// synthetic streams) with a fixed-seed generator and checks the same invariants.
#include <boost/test/unit_test.hpp>

#include <random>

#include <boost/json.hpp>

#include <pmat/bridge/frame_codec.hpp>

#include "codec_check.hpp"
#include "hex.hpp"

namespace json = boost::json;
using namespace pmat::bridge;

namespace {

std::vector<std::string> seed_corpus() {
   const json::value v = test::load_json_file(PMAT_BRIDGE_FRAME_VECTORS);
   std::vector<std::string> seeds;
   for (const char *group : {"valid", "invalid"})
      for (const json::value &entry : v.at(group).as_array())
         seeds.push_back(test::from_hex(entry.at("hex").as_string()));
   std::string many;
   FrameEncoder encoder;
   for (int i = 0; i < 20; ++i)
      BOOST_REQUIRE(encoder.encode(R"({"id":)" + std::to_string(i) + "}", many).ok());
   seeds.push_back(many);
   return seeds;
}

using Rng = std::mt19937_64;

std::size_t pick(Rng &rng, std::size_t n) {
   return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
}

// Flips a bit of, sets or erases from the byte at `at` (`op` 0, 1 or 3); nothing at the end.
void edit_at(std::string &s, std::size_t at, std::size_t op, Rng &rng) {
   if (at >= s.size())
      return;
   switch (op) {
   case 0: s[at] = static_cast<char>(s[at] ^ (1 << pick(rng, 8))); break;
   case 1: s[at] = static_cast<char>(pick(rng, 256)); break;
   default: s.erase(at, 1 + pick(rng, 16)); break;
   }
}

// Overwrites the header's length field with an interesting value.
void overwrite_length(std::string &s, Rng &rng) {
   static constexpr std::uint32_t k_lengths[] = {0, 1, 16, 4096, 0xffffffffu, 0x01000001u};
   if (s.size() < 16)
      return;
   for (int i = 0; i < 4; ++i)
      s[12 + i] = static_cast<char>((k_lengths[pick(rng, 6)] >> (8 * i)) & 0xff);
}

// One libFuzzer-style edit: flip, set, insert, erase, duplicate a chunk, append a seed, or
// overwrite the header's length field with an interesting value.
void mutate(std::string &s, Rng &rng, const std::vector<std::string> &corpus) {
   const std::size_t at = pick(rng, s.size() + 1);
   switch (const std::size_t op = pick(rng, 7)) {
   case 0:
   case 1:
   case 3: edit_at(s, at, op, rng); break;
   case 2: s.insert(at, 1, static_cast<char>(pick(rng, 256))); break;
   case 4: s.insert(at, s.substr(pick(rng, s.size() + 1), 1 + pick(rng, 32))); break;
   case 5: s += corpus[pick(rng, corpus.size())]; break;
   default: overwrite_length(s, rng); break;
   }
}

} // namespace

BOOST_AUTO_TEST_SUITE(codec_fuzz_corpus)

BOOST_AUTO_TEST_CASE(seeds_keep_invariants_under_every_max) {
   for (const std::string &seed : seed_corpus())
      for (std::uint8_t selector = 0; selector < 4; ++selector) {
         std::string input(1, static_cast<char>(selector));
         input += seed;
         const auto bad = test::check_codec_invariants(
             reinterpret_cast<const std::uint8_t *>(input.data()), input.size());
         BOOST_TEST(!bad.has_value(), bad.value_or(""));
      }
}

BOOST_AUTO_TEST_CASE(random_mutations_keep_invariants) {
   const std::vector<std::string> corpus = seed_corpus();
   Rng rng(20240611);
   std::size_t failures = 0;
   std::size_t clean = 0;
   std::size_t errors = 0;
   for (int round = 0; round < 20000; ++round) {
      std::string input = corpus[pick(rng, corpus.size())];
      const std::size_t edits = 1 + pick(rng, 4);
      for (std::size_t e = 0; e < edits; ++e)
         mutate(input, rng, corpus);
      input.insert(0, 1, static_cast<char>(pick(rng, 256)));
      const auto *bytes = reinterpret_cast<const std::uint8_t *>(input.data());
      const auto bad = test::check_codec_invariants(bytes, input.size());
      if (bad && failures++ < 5)
         BOOST_ERROR("round " << round << ": " << *bad);
      const auto out = test::decode_stream(input.substr(1), k_default_max_payload, {});
      (out.code == 0 ? clean : errors)++;
   }
   BOOST_TEST_MESSAGE("mutated inputs: " << clean << " clean, " << errors << " failing streams");
   BOOST_TEST(failures == 0u);
   // The mutator must reach both outcomes, or the test proves nothing.
   BOOST_TEST(clean > 100u);
   BOOST_TEST(errors > 100u);
}

BOOST_AUTO_TEST_SUITE_END()
