// SPDX-License-Identifier: MIT
#include <pmat/flags/bucket.hpp>

#include <bit>

namespace pmat::flags {
namespace {

constexpr std::uint32_t k_c1 = 0xcc9e2d51u;
constexpr std::uint32_t k_c2 = 0x1b873593u;

std::uint32_t load_le32(const unsigned char *p) noexcept {
   return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
          static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

std::uint32_t mix_k(std::uint32_t k) noexcept {
   k *= k_c1;
   k = std::rotl(k, 15);
   return k * k_c2;
}

std::uint32_t tail_k(const unsigned char *tail, std::size_t n) noexcept {
   std::uint32_t k = 0;
   for (std::size_t i = n; i-- > 0;)
      k = (k << 8) | tail[i];
   return k;
}

std::uint32_t fmix(std::uint32_t h) noexcept {
   h ^= h >> 16;
   h *= 0x85ebca6bu;
   h ^= h >> 13;
   h *= 0xc2b2ae35u;
   return h ^ (h >> 16);
}

} // namespace

std::uint32_t murmur3_x86_32(std::string_view bytes, std::uint32_t seed) noexcept {
   const auto *data = reinterpret_cast<const unsigned char *>(bytes.data());
   const std::size_t blocks = bytes.size() / 4;
   std::uint32_t h = seed;
   for (std::size_t i = 0; i < blocks; ++i) {
      h ^= mix_k(load_le32(data + 4 * i));
      h = std::rotl(h, 13);
      h = h * 5 + 0xe6546b64u;
   }
   const std::size_t rest = bytes.size() & 3u;
   if (rest != 0)
      h ^= mix_k(tail_k(data + 4 * blocks, rest));
   h ^= static_cast<std::uint32_t>(bytes.size());
   return fmix(h);
}

} // namespace pmat::flags
