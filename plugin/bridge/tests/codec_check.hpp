// SPDX-License-Identifier: MIT
// The decoder's invariants, shared by the Boost.Test corpus test and the libFuzzer target so the
// two check exactly the same thing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pmat/bridge/frame_codec.hpp>

namespace pmat::bridge::test {

struct DecodeOutcome {
   std::vector<Frame> frames; // frames accepted before the first error
   int code = 0;              // first error of the whole pipeline, 0 if the stream is clean
   std::string message;
};

// Runs bytes through FrameDecoder (cut at `cuts`, ascending offsets), finish() and
// parse_message() the way the worker's reader does: the stream ends at the first error.
DecodeOutcome decode_stream(std::string_view bytes, std::uint32_t max_payload,
                            const std::vector<std::size_t> &cuts);

// Byte 0 picks the maximum payload, the rest is the stream. Checks: only codes 0/1001/1002/1003;
// the same outcome whole, byte by byte and at pseudo-random cuts; re-encoding the accepted frames
// reproduces the input's prefix exactly. Returns a description of the first violation.
std::optional<std::string> check_codec_invariants(const std::uint8_t *data, std::size_t size);

} // namespace pmat::bridge::test
