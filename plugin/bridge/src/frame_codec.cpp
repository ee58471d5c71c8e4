// SPDX-License-Identifier: MIT
#include <pmat/bridge/frame_codec.hpp>

#include <algorithm>
#include <cstring>

namespace pmat::bridge {
namespace {

void put_le(std::string &out, std::uint64_t value, int bytes) {
   for (int i = 0; i < bytes; ++i)
      out.push_back(static_cast<char>((value >> (8 * i)) & 0xffu));
}

std::uint64_t get_le(const char *in, int bytes) {
   std::uint64_t value = 0;
   for (int i = bytes - 1; i >= 0; --i)
      value = (value << 8) | static_cast<unsigned char>(in[i]);
   return value;
}

Status too_large(std::uint64_t length, std::uint32_t max_payload) {
   return make_error(PMAT_STATUS_MESSAGE_TOO_LARGE, "frame payload of " + std::to_string(length) +
                                                        " bytes exceeds the limit of " +
                                                        std::to_string(max_payload) + " bytes");
}

} // namespace

Status append_frame(std::string &out, std::uint64_t sequence, std::string_view payload,
                    std::uint32_t max_payload) {
   if (payload.size() > max_payload)
      return too_large(payload.size(), max_payload);
   out.reserve(out.size() + k_frame_header_size + payload.size());
   out.append(k_frame_magic.data(), k_frame_magic.size());
   put_le(out, sequence, 8);
   put_le(out, payload.size(), 4);
   out.append(payload);
   return Status::success();
}

Status FrameEncoder::encode(std::string_view payload, std::string &out) {
   Status status = append_frame(out, next_sequence_, payload, max_payload_);
   if (status.ok())
      ++next_sequence_;
   return status;
}

Status FrameDecoder::feed(std::string_view bytes, std::vector<Frame> &frames) {
   while (error_.ok() && !bytes.empty()) {
      const std::size_t used =
          in_payload_ ? take_payload(bytes, frames) : take_header(bytes, frames);
      bytes.remove_prefix(used);
   }
   return error_;
}

std::size_t FrameDecoder::take_header(std::string_view bytes, std::vector<Frame> &frames) {
   const std::size_t n = std::min(bytes.size(), k_frame_header_size - header_have_);
   std::memcpy(header_.data() + header_have_, bytes.data(), n);
   const std::size_t before = header_have_;
   header_have_ += n;
   // Check the magic as soon as its bytes arrive, so garbage fails at once instead of after 16
   // bytes (a stream of garbage shorter than a header would otherwise look like EOF mid-frame).
   const std::size_t magic_have = std::min(header_have_, k_frame_magic.size());
   if (before < magic_have && std::memcmp(header_.data(), k_frame_magic.data(), magic_have) != 0) {
      error_ = make_error(PMAT_STATUS_FRAMING_ERROR, "bad frame magic (expected \"PMAT\")");
      return n;
   }
   if (header_have_ == k_frame_header_size) {
      error_ = check_header();
      if (error_.ok() && payload_need_ == 0)
         complete(frames);
   }
   return n;
}

Status FrameDecoder::check_header() {
   const std::uint64_t sequence = get_le(header_.data() + 4, 8);
   const auto length = static_cast<std::uint32_t>(get_le(header_.data() + 12, 4));
   if (sequence != expected_sequence_)
      return make_error(PMAT_STATUS_FRAMING_ERROR, "frame sequence " + std::to_string(sequence) +
                                                       ", expected " +
                                                       std::to_string(expected_sequence_));
   if (length > max_payload_)
      return too_large(length, max_payload_);
   current_.sequence = sequence;
   current_.payload.clear();
   // Bounded by max_payload_, checked above: the only allocation driven by peer input.
   current_.payload.reserve(length);
   payload_need_ = length;
   in_payload_ = true;
   header_have_ = 0;
   return Status::success();
}

std::size_t FrameDecoder::take_payload(std::string_view bytes, std::vector<Frame> &frames) {
   const std::size_t n = std::min<std::size_t>(bytes.size(), payload_need_);
   current_.payload.append(bytes.data(), n);
   payload_need_ -= static_cast<std::uint32_t>(n);
   if (payload_need_ == 0)
      complete(frames);
   return n;
}

void FrameDecoder::complete(std::vector<Frame> &frames) {
   frames.push_back(std::move(current_));
   current_ = Frame{};
   in_payload_ = false;
   ++expected_sequence_;
}

Status FrameDecoder::finish() const {
   if (!error_.ok())
      return error_;
   if (header_have_ > 0)
      return make_error(PMAT_STATUS_PIPE_BROKEN, "end of stream inside a frame header (" +
                                                     std::to_string(header_have_) +
                                                     " of 16 bytes)");
   if (in_payload_)
      return make_error(PMAT_STATUS_PIPE_BROKEN, "end of stream inside a frame payload (" +
                                                     std::to_string(payload_need_) +
                                                     " bytes missing)");
   return Status::success();
}

} // namespace pmat::bridge
