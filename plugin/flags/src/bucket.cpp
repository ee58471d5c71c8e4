// SPDX-License-Identifier: MIT
#include <pmat/flags/bucket.hpp>

#include <cstring>
#include <string>

namespace pmat::flags {

std::uint32_t normalized_value(std::string_view salt, std::string_view caller_id) noexcept {
   char buf[512];
   const std::size_t n = salt.size() + 1 + caller_id.size();
   if (n <= sizeof buf) {
      std::memcpy(buf, salt.data(), salt.size());
      buf[salt.size()] = ':';
      std::memcpy(buf + salt.size() + 1, caller_id.data(), caller_id.size());
      return murmur3_x86_32(std::string_view(buf, n), 0) % 100 + 1;
   }
   try {
      std::string joined;
      joined.reserve(n);
      joined.append(salt).append(1, ':').append(caller_id);
      return murmur3_x86_32(joined, 0) % 100 + 1;
   } catch (...) {
      return 100; // out of memory: the last bucket, i.e. only in at 100 %
   }
}

} // namespace pmat::flags
