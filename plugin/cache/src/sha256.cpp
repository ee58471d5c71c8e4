// SPDX-License-Identifier: MIT
#include "sha256.hpp"

#include <cstdint>
#include <tuple>

namespace pmat::cache::detail {

Sha256::Sha256() {
   sha256_init(&ctx_);
}

Sha256::~Sha256() = default;

void Sha256::update(const void *data, std::size_t size) {
   if (size > 0)
      sha256_update(&ctx_, size, static_cast<const std::uint8_t *>(data));
}

Digest Sha256::finish() {
   static_assert(std::tuple_size_v<Digest> == SHA256_DIGEST_SIZE);
   Digest out{};
   sha256_digest(&ctx_, out.size(), out.data());
   return out;
}

Digest sha256(std::string_view bytes) {
   Sha256 h;
   h.update(bytes);
   return h.finish();
}

} // namespace pmat::cache::detail
