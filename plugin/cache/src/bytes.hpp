// SPDX-License-Identifier: MIT
// Little-endian fixed-width writing and bounds-checked reading for the binary formats (L1 blob,
// L2 entry). A reader never reads past its end: every read reports failure instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace pmat::cache::detail {

template <typename T> void put_le(std::string &out, T v) {
   for (std::size_t i = 0; i < sizeof(T); ++i) {
      out += static_cast<char>(static_cast<std::uint8_t>(v & 0xffu));
      v = static_cast<T>(v >> 8);
   }
}

class Reader {
 public:
   explicit Reader(std::string_view bytes) : rest_(bytes) {}

   template <typename T> bool le(T &out) {
      if (rest_.size() < sizeof(T))
         return false;
      T v = 0;
      for (std::size_t i = sizeof(T); i-- > 0;)
         v = static_cast<T>((v << 8) | static_cast<std::uint8_t>(rest_[i]));
      out = v;
      rest_.remove_prefix(sizeof(T));
      return true;
   }
   bool bytes(std::size_t n, std::string_view &out) {
      if (rest_.size() < n)
         return false;
      out = rest_.substr(0, n);
      rest_.remove_prefix(n);
      return true;
   }
   bool raw(void *dst, std::size_t n) {
      std::string_view v;
      if (!bytes(n, v))
         return false;
      std::memcpy(dst, v.data(), n);
      return true;
   }
   std::size_t remaining() const noexcept { return rest_.size(); }

 private:
   std::string_view rest_;
};

} // namespace pmat::cache::detail
