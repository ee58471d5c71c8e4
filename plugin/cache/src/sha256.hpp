// SPDX-License-Identifier: MIT
// SHA-256 through Nettle, incrementally (Nettle rather than OpenSSL: a library the plugin loads
// in 0.6 ms less, docs/performance.md; Nettle picks the SHA-NI code where the CPU has it).
#pragma once

#include <pmat/cache/key.hpp>

#include <nettle/sha2.h>

#include <string_view>

namespace pmat::cache::detail {

class Sha256 {
 public:
   Sha256();
   ~Sha256();
   Sha256(const Sha256 &) = delete;
   Sha256 &operator=(const Sha256 &) = delete;

   void update(const void *data, std::size_t size);
   void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
   Digest finish();

 private:
   sha256_ctx ctx_{};
};

Digest sha256(std::string_view bytes);

} // namespace pmat::cache::detail
