// SPDX-License-Identifier: MIT
#include "test_support.hpp"

#include <pmat/cache/entry_codec.hpp>

#include <boost/test/unit_test.hpp>

using namespace pmat::cache;
using pmat::cache::test::key_for;

BOOST_AUTO_TEST_SUITE(entry_codec)

BOOST_AUTO_TEST_CASE(round_trip) {
   const Key k = key_for("x");
   const std::string blob = encode_entry(k, Value{Kind::Claude, "payload"}, 100);
   BOOST_TEST(blob.size() == k_entry_header_size + 7);
   const Decoded d = decode_entry(blob, k, 100);
   BOOST_TEST(static_cast<int>(d.status) == static_cast<int>(DecodeStatus::Ok));
   BOOST_TEST(d.value->payload == "payload");
   BOOST_TEST(d.value->kind == Kind::Claude);
}

BOOST_AUTO_TEST_CASE(expired_wrong_key_and_wrong_engine_are_rejected) {
   const Key k = key_for("x");
   const std::string blob = encode_entry(k, Value{Kind::Claude, "p"}, 100);
   BOOST_TEST(static_cast<int>(decode_entry(blob, k, 101).status) ==
              static_cast<int>(DecodeStatus::Expired));
   BOOST_TEST(static_cast<int>(decode_entry(blob, key_for("y"), 0).status) ==
              static_cast<int>(DecodeStatus::WrongKey));
   const Key same_digest_native(k.digest(), Engine::Native);
   BOOST_TEST(static_cast<int>(decode_entry(blob, same_digest_native, 0).status) ==
              static_cast<int>(DecodeStatus::WrongKey));
}

// A torn or bit-rotted entry is never returned: every truncation and every single-bit flip of
// every byte is detected.
BOOST_AUTO_TEST_CASE(every_truncation_and_bit_flip_is_detected) {
   const Key k = key_for("x");
   const std::string blob = encode_entry(k, Value{Kind::Claude, std::string(64, 'p')}, 1000);
   for (std::size_t len = 0; len < blob.size(); ++len)
      BOOST_TEST(static_cast<int>(decode_entry(blob.substr(0, len), k, 0).status) !=
                 static_cast<int>(DecodeStatus::Ok));
   for (std::size_t i = 0; i < blob.size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
         std::string m = blob;
         m[i] = static_cast<char>(m[i] ^ (1 << bit));
         BOOST_TEST(static_cast<int>(decode_entry(m, k, 0).status) !=
                    static_cast<int>(DecodeStatus::Ok));
      }
   }
   BOOST_TEST(static_cast<int>(decode_entry(blob + "x", k, 0).status) !=
              static_cast<int>(DecodeStatus::Ok));
}

BOOST_AUTO_TEST_SUITE_END()
