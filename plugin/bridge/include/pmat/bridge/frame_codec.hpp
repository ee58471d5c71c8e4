// SPDX-License-Identifier: MIT
// Frame codec for docs/bridge-protocol.md: 16-byte header ("PMAT", u64 LE sequence, u32 LE
// length) followed by the payload. The decoder is incremental: bytes may arrive split anywhere or
// several frames at once, and it never buffers more than one header plus one payload of at most
// the negotiated maximum, so a hostile length cannot make it allocate without bound.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pmat/bridge/status.hpp>

namespace pmat::bridge {

constexpr std::size_t k_frame_header_size = 16;
constexpr std::array<char, 4> k_frame_magic{'P', 'M', 'A', 'T'};
// Negotiated default, and the limit before the handshake has completed.
constexpr std::uint32_t k_default_max_payload = 16u * 1024u * 1024u;
constexpr std::uint32_t k_pre_handshake_max_payload = 1024u * 1024u;

struct Frame {
   std::uint64_t sequence = 0;
   std::string payload;
};

// Appends one frame to `out` (a whole frame in one buffer, so the writer can send it at once).
// Fails with MessageTooLarge (1003) when the payload exceeds `max_payload`.
Status append_frame(std::string &out, std::uint64_t sequence, std::string_view payload,
                    std::uint32_t max_payload = k_default_max_payload);

// Numbers outgoing frames: 0, 1, 2, ... per direction. Not thread-safe; the owner serialises.
class FrameEncoder {
 public:
   explicit FrameEncoder(std::uint32_t max_payload = k_default_max_payload) noexcept
       : max_payload_(max_payload) {}

   // On failure the sequence number is not consumed, so the stream stays valid.
   Status encode(std::string_view payload, std::string &out);

   void set_max_payload(std::uint32_t max_payload) noexcept { max_payload_ = max_payload; }
   [[nodiscard]] std::uint32_t max_payload() const noexcept { return max_payload_; }
   [[nodiscard]] std::uint64_t next_sequence() const noexcept { return next_sequence_; }

 private:
   std::uint32_t max_payload_;
   std::uint64_t next_sequence_ = 0;
};

// Incremental decoder. Errors are sticky: after the first one the stream is dead (the protocol
// says the receiver closes the connection) and every later call returns the same Status.
class FrameDecoder {
 public:
   explicit FrameDecoder(std::uint32_t max_payload = k_default_max_payload) noexcept
       : max_payload_(max_payload) {}

   // Consumes all of `bytes`, appending each completed frame to `frames`. Returns the stream's
   // status: FramingError (bad magic, unexpected sequence) or MessageTooLarge. Frames completed
   // before an error are still appended.
   Status feed(std::string_view bytes, std::vector<Frame> &frames);

   // End of stream: PipeBrokenPipe (1001) if it ends inside a frame, else the stream's status.
   [[nodiscard]] Status finish() const;

   // Takes effect from the next header (the handshake raises it from the pre-handshake limit).
   void set_max_payload(std::uint32_t max_payload) noexcept { max_payload_ = max_payload; }
   [[nodiscard]] std::uint32_t max_payload() const noexcept { return max_payload_; }
   [[nodiscard]] bool failed() const noexcept { return !error_.ok(); }
   [[nodiscard]] bool mid_frame() const noexcept { return header_have_ > 0 || in_payload_; }
   [[nodiscard]] std::uint64_t expected_sequence() const noexcept { return expected_sequence_; }

 private:
   std::size_t take_header(std::string_view bytes, std::vector<Frame> &frames);
   std::size_t take_payload(std::string_view bytes, std::vector<Frame> &frames);
   Status check_header();
   void complete(std::vector<Frame> &frames);

   std::uint32_t max_payload_;
   std::uint64_t expected_sequence_ = 0;
   std::array<char, k_frame_header_size> header_{};
   std::size_t header_have_ = 0;
   bool in_payload_ = false;
   std::uint32_t payload_need_ = 0;
   Frame current_;
   Status error_;
};

} // namespace pmat::bridge
