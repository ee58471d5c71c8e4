// SPDX-License-Identifier: MIT
// Frame codec against the shared vectors (bridge/test-vectors/frames.json), at every split point.
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <pmat/bridge/frame_codec.hpp>
#include <pmat/bridge/message.hpp>

#include "alloc_probe.hpp"
#include "codec_check.hpp"
#include "hex.hpp"

namespace json = boost::json;
using namespace pmat::bridge;
using pmat::bridge::test::decode_stream;
using pmat::bridge::test::from_hex;

namespace {

const json::object &vectors() {
   static const json::value k_v = pmat::bridge::test::load_json_file(PMAT_BRIDGE_FRAME_VECTORS);
   return k_v.as_object();
}

int code_for_name(std::string_view name) {
   for (int code : {1001, 1002, 1003, 2001, 2002, 2003})
      if (name == pmat_status_name(code))
         return code;
   BOOST_FAIL("unknown error name in vectors: " << name);
   return -1;
}

std::uint32_t vector_max(const json::object &entry) {
   if (const json::value *m = entry.if_contains("max_payload"))
      return static_cast<std::uint32_t>(m->to_number<std::uint64_t>());
   return k_default_max_payload;
}

void expect_frames(const test::DecodeOutcome &out, const json::array &expected,
                   const std::string &where) {
   BOOST_TEST_INFO(where);
   BOOST_TEST(out.code == 0, "code " << out.code << ": " << out.message);
   BOOST_REQUIRE_EQUAL(out.frames.size(), expected.size());
   for (std::size_t i = 0; i < expected.size(); ++i) {
      const json::object &want = expected[i].as_object();
      BOOST_TEST(out.frames[i].sequence == want.at("sequence").to_number<std::uint64_t>());
      BOOST_TEST(json::parse(out.frames[i].payload) == want.at("payload"));
   }
}

} // namespace

BOOST_AUTO_TEST_SUITE(frame_codec)

BOOST_AUTO_TEST_CASE(vectors_file_has_cases) {
   BOOST_TEST(vectors().at("valid").as_array().size() >= 5u);
   BOOST_TEST(vectors().at("invalid").as_array().size() >= 10u);
}

BOOST_AUTO_TEST_CASE(valid_vectors_decode_at_every_split_point) {
   for (const json::value &v : vectors().at("valid").as_array()) {
      const json::object &entry = v.as_object();
      const std::string bytes = from_hex(entry.at("hex").as_string());
      const std::string name(entry.at("name").as_string());
      const json::array &frames = entry.at("frames").as_array();
      expect_frames(decode_stream(bytes, vector_max(entry), {}), frames, name + " whole");
      for (std::size_t cut = 1; cut < bytes.size(); ++cut)
         expect_frames(decode_stream(bytes, vector_max(entry), {cut}), frames,
                       name + " split at " + std::to_string(cut));
      std::vector<std::size_t> every;
      for (std::size_t i = 1; i < bytes.size(); ++i)
         every.push_back(i);
      expect_frames(decode_stream(bytes, vector_max(entry), every), frames, name + " bytewise");
   }
}

BOOST_AUTO_TEST_CASE(invalid_vectors_fail_with_their_code_at_every_split_point) {
   for (const json::value &v : vectors().at("invalid").as_array()) {
      const json::object &entry = v.as_object();
      const std::string bytes = from_hex(entry.at("hex").as_string());
      const std::string name(entry.at("name").as_string());
      const int want = code_for_name(entry.at("error").as_string());
      for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
         std::vector<std::size_t> cuts;
         if (cut > 0)
            cuts.push_back(cut);
         const auto out = decode_stream(bytes, vector_max(entry), cuts);
         BOOST_TEST(out.code == want, name << " split at " << cut << ": got " << out.code << " ("
                                           << out.message << ")");
      }
   }
}

BOOST_AUTO_TEST_CASE(encoder_reproduces_vector_bytes) {
   for (const json::value &v : vectors().at("valid").as_array()) {
      const std::string bytes = from_hex(v.at("hex").as_string());
      const auto out = decode_stream(bytes, k_default_max_payload, {});
      FrameEncoder encoder;
      std::string encoded;
      for (const Frame &frame : out.frames)
         BOOST_REQUIRE(encoder.encode(frame.payload, encoded).ok());
      BOOST_TEST(encoded == bytes, v.at("name").as_string());
      BOOST_TEST(encoder.next_sequence() == out.frames.size());
   }
}

BOOST_AUTO_TEST_CASE(encoder_refuses_oversize_without_consuming_a_sequence) {
   FrameEncoder encoder(8);
   std::string out;
   Status too_big = encoder.encode("123456789", out);
   BOOST_TEST(too_big.code == PMAT_STATUS_MESSAGE_TOO_LARGE);
   BOOST_TEST(out.empty());
   BOOST_TEST(encoder.encode("{}", out).ok());
   FrameDecoder decoder(8);
   std::vector<Frame> frames;
   BOOST_TEST(decoder.feed(out, frames).ok());
   BOOST_REQUIRE_EQUAL(frames.size(), 1u);
   BOOST_TEST(frames[0].sequence == 0u);
}

BOOST_AUTO_TEST_CASE(errors_are_sticky) {
   FrameDecoder decoder;
   std::vector<Frame> frames;
   BOOST_TEST(decoder.feed("PMAX", frames).code == PMAT_STATUS_FRAMING_ERROR);
   std::string good;
   BOOST_TEST(append_frame(good, 0, "{}").ok());
   BOOST_TEST(decoder.feed(good, frames).code == PMAT_STATUS_FRAMING_ERROR);
   BOOST_TEST(frames.empty());
   BOOST_TEST(decoder.finish().code == PMAT_STATUS_FRAMING_ERROR);
}

BOOST_AUTO_TEST_CASE(garbage_fails_on_first_wrong_magic_byte) {
   FrameDecoder decoder;
   std::vector<Frame> frames;
   BOOST_TEST(decoder.feed("P", frames).ok());
   BOOST_TEST(decoder.feed("x", frames).code == PMAT_STATUS_FRAMING_ERROR);
}

BOOST_AUTO_TEST_CASE(zero_length_payload_completes_a_frame) {
   std::string bytes;
   BOOST_TEST(append_frame(bytes, 0, "").ok());
   FrameDecoder decoder;
   std::vector<Frame> frames;
   BOOST_TEST(decoder.feed(bytes, frames).ok());
   BOOST_REQUIRE_EQUAL(frames.size(), 1u);
   BOOST_TEST(frames[0].payload.empty());
   BOOST_TEST(decoder.finish().ok());
   BOOST_TEST(parse_message(frames[0].payload).code() == PMAT_STATUS_FRAMING_ERROR);
}

BOOST_AUTO_TEST_CASE(raising_the_limit_applies_to_the_next_frame) {
   FrameEncoder encoder(k_default_max_payload);
   std::string bytes;
   const std::string big = "{\"k\":\"" + std::string(2000, 'x') + "\"}";
   BOOST_TEST(encoder.encode("{}", bytes).ok());
   BOOST_TEST(encoder.encode(big, bytes).ok());
   FrameDecoder decoder(1024);
   std::vector<Frame> frames;
   BOOST_TEST(decoder.feed(std::string_view(bytes).substr(0, 18), frames).ok());
   decoder.set_max_payload(4096);
   BOOST_TEST(decoder.feed(std::string_view(bytes).substr(18), frames).ok());
   BOOST_TEST(frames.size() == 2u);
}

BOOST_AUTO_TEST_CASE(hostile_length_never_allocates_what_it_claims) {
   // A header announcing 4 GiB - 1, then 1 MiB - 1 under a 1 MiB limit.
   const std::string huge = from_hex("504d41540000000000000000ffffffff");
   const std::string near = from_hex("504d41540000000000000000ffff0f00");
   FrameDecoder strict(k_pre_handshake_max_payload);
   std::vector<Frame> frames;
   test::alloc_probe_arm();
   const Status s1 = FrameDecoder(k_default_max_payload).feed(huge, frames);
   const test::AllocStats after_huge = test::alloc_probe_disarm();
   test::alloc_probe_arm();
   const Status s2 = strict.feed(near, frames);
   const test::AllocStats after_near = test::alloc_probe_disarm();
   BOOST_TEST(s1.code == PMAT_STATUS_MESSAGE_TOO_LARGE);
   BOOST_TEST(after_huge.largest < 4096u);
   BOOST_TEST(s2.ok());
   // The one allocation a valid header may cause is the payload, bounded by the limit.
   BOOST_TEST(after_near.largest >= 0xfffffu);
   BOOST_TEST(after_near.largest <= std::size_t{k_pre_handshake_max_payload} + 1);
   BOOST_TEST(strict.finish().code == PMAT_STATUS_PIPE_BROKEN);
}

BOOST_AUTO_TEST_CASE(eof_reports_how_far_into_the_frame) {
   FrameDecoder decoder;
   std::vector<Frame> frames;
   BOOST_TEST(decoder.finish().ok());
   BOOST_TEST(decoder.feed("PMAT", frames).ok());
   BOOST_TEST(decoder.mid_frame());
   const Status eof = decoder.finish();
   BOOST_TEST(eof.code == PMAT_STATUS_PIPE_BROKEN);
   BOOST_TEST(eof.message.find("4 of 16") != std::string::npos, eof.message);
}

BOOST_AUTO_TEST_SUITE_END()
