// SPDX-License-Identifier: MIT
#include "bytes.hpp"
#include "sha256.hpp"

#include <pmat/cache/entry_codec.hpp>

namespace pmat::cache {
namespace {

constexpr std::string_view k_magic = "PMATCENT";
constexpr std::uint32_t k_format = 1;
constexpr std::size_t k_checked_header = 64; // bytes before the checksum

Digest checksum(std::string_view header64, std::string_view payload) {
   detail::Sha256 h;
   h.update(header64);
   h.update(payload);
   return h.finish();
}

struct Header {
   std::uint32_t format = 0;
   std::uint8_t engine = 0, kind = 0;
   std::uint16_t pad = 0;
   std::uint64_t expires = 0, length = 0;
   Digest key{}, sum{};
};

bool read_header(detail::Reader &r, Header &h) {
   std::string_view magic;
   return r.bytes(k_magic.size(), magic) && magic == k_magic && r.le(h.format) && r.le(h.engine) &&
          r.le(h.kind) && r.le(h.pad) && r.le(h.expires) && r.le(h.length) &&
          r.raw(h.key.data(), h.key.size()) && r.raw(h.sum.data(), h.sum.size());
}

bool header_sane(const Header &h, std::size_t payload_size) {
   const bool kind_ok = h.kind >= static_cast<std::uint8_t>(Kind::Claude) &&
                        h.kind <= static_cast<std::uint8_t>(Kind::Negative);
   return h.format == k_format && h.pad == 0 && kind_ok && h.length == payload_size;
}

} // namespace

std::string encode_entry(const Key &key, const Value &value, std::uint64_t expires_at_ns) {
   std::string out(k_magic);
   out.reserve(k_entry_header_size + value.payload.size());
   detail::put_le(out, k_format);
   detail::put_le(out, static_cast<std::uint8_t>(key.engine()));
   detail::put_le(out, static_cast<std::uint8_t>(value.kind));
   detail::put_le(out, std::uint16_t{0});
   detail::put_le(out, expires_at_ns);
   detail::put_le(out, static_cast<std::uint64_t>(value.payload.size()));
   out.append(reinterpret_cast<const char *>(key.digest().data()), key.digest().size());
   const Digest sum = checksum(out, value.payload);
   out.append(reinterpret_cast<const char *>(sum.data()), sum.size());
   out += value.payload;
   return out;
}

Decoded decode_entry(std::string_view blob, const Key &expected, std::uint64_t now_ns) {
   detail::Reader r(blob);
   Header h;
   if (!read_header(r, h) ||
       !header_sane(h, blob.size() - std::min(blob.size(), k_entry_header_size)))
      return {DecodeStatus::Corrupt, nullptr};
   const std::string_view payload = blob.substr(k_entry_header_size);
   if (checksum(blob.substr(0, k_checked_header), payload) != h.sum)
      return {DecodeStatus::Corrupt, nullptr};
   if (h.key != expected.digest() || h.engine != static_cast<std::uint8_t>(expected.engine()) ||
       !storable(expected.engine(), static_cast<Kind>(h.kind)))
      return {DecodeStatus::WrongKey, nullptr};
   if (now_ns > h.expires)
      return {DecodeStatus::Expired, nullptr};
   return {DecodeStatus::Ok,
           std::make_shared<const Value>(Value{static_cast<Kind>(h.kind), std::string(payload)})};
}

} // namespace pmat::cache
