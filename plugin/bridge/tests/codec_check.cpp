// SPDX-License-Identifier: MIT
#include "codec_check.hpp"

#include <array>

#include <pmat/bridge/message.hpp>

namespace pmat::bridge::test {
namespace {

void accept_frames(std::vector<Frame> &decoded, DecodeOutcome &out) {
   for (Frame &frame : decoded) {
      if (out.code != 0)
         return;
      auto parsed = parse_message(frame.payload);
      if (!parsed) {
         out.code = parsed.code();
         out.message = parsed.status().message;
         return;
      }
      out.frames.push_back(std::move(frame));
   }
}

bool same_frames(const std::vector<Frame> &a, const std::vector<Frame> &b) {
   if (a.size() != b.size())
      return false;
   for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].sequence != b[i].sequence || a[i].payload != b[i].payload)
         return false;
   return true;
}

std::vector<std::size_t> pseudo_random_cuts(std::string_view bytes) {
   std::uint64_t state = 0x9e3779b97f4a7c15ull ^ bytes.size();
   for (char c : bytes.substr(0, 64))
      state = (state ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
   std::vector<std::size_t> cuts;
   std::size_t at = 0;
   while (true) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      at += 1 + static_cast<std::size_t>((state >> 33) % 23);
      if (at >= bytes.size())
         return cuts;
      cuts.push_back(at);
   }
}

std::optional<std::string> compare(const DecodeOutcome &whole, const DecodeOutcome &other,
                                   const char *how) {
   if (whole.code != other.code || !same_frames(whole.frames, other.frames))
      return std::string("decoding ") + how + " differs from decoding the whole buffer (code " +
             std::to_string(whole.code) + " vs " + std::to_string(other.code) + ")";
   return std::nullopt;
}

std::optional<std::string> check_reencode(std::string_view stream, const DecodeOutcome &whole) {
   FrameEncoder encoder(k_default_max_payload);
   std::string encoded;
   for (const Frame &frame : whole.frames)
      if (!encoder.encode(frame.payload, encoded).ok())
         return std::string("re-encoding an accepted frame failed");
   if (stream.substr(0, encoded.size()) != encoded)
      return std::string("re-encoded frames are not a prefix of the input");
   if (whole.code == 0 && encoded.size() != stream.size())
      return std::string("clean stream but re-encoding is shorter than the input");
   return std::nullopt;
}

} // namespace

DecodeOutcome decode_stream(std::string_view bytes, std::uint32_t max_payload,
                            const std::vector<std::size_t> &cuts) {
   FrameDecoder decoder(max_payload);
   DecodeOutcome out;
   std::vector<Frame> decoded;
   std::size_t from = 0;
   Status status;
   for (std::size_t i = 0; i <= cuts.size() && status.ok(); ++i) {
      const std::size_t to = i < cuts.size() ? cuts[i] : bytes.size();
      status = decoder.feed(bytes.substr(from, to - from), decoded);
      accept_frames(decoded, out);
      decoded.clear();
      from = to;
      if (out.code != 0)
         return out;
   }
   if (status.ok())
      status = decoder.finish();
   out.code = status.code;
   out.message = status.message;
   return out;
}

std::optional<std::string> check_codec_invariants(const std::uint8_t *data, std::size_t size) {
   if (size == 0)
      return std::nullopt;
   static constexpr std::array<std::uint32_t, 4> k_max{16, 64, 4096, k_default_max_payload};
   const std::uint32_t max_payload = k_max[data[0] % k_max.size()];
   const std::string_view stream(reinterpret_cast<const char *>(data) + 1, size - 1);

   const DecodeOutcome whole = decode_stream(stream, max_payload, {});
   const int c = whole.code;
   if (c != 0 && c != PMAT_STATUS_PIPE_BROKEN && c != PMAT_STATUS_FRAMING_ERROR &&
       c != PMAT_STATUS_MESSAGE_TOO_LARGE)
      return "unexpected status code " + std::to_string(c);
   if (auto bad = compare(whole, decode_stream(stream, max_payload, pseudo_random_cuts(stream)),
                          "at pseudo-random cuts"))
      return bad;
   if (stream.size() <= 4096) {
      std::vector<std::size_t> every;
      for (std::size_t i = 1; i < stream.size(); ++i)
         every.push_back(i);
      if (auto bad = compare(whole, decode_stream(stream, max_payload, every), "byte by byte"))
         return bad;
   }
   return check_reencode(stream, whole);
}

} // namespace pmat::bridge::test
