// SPDX-License-Identifier: MIT
#include "sha256.hpp"

#include <openssl/evp.h>

#include <new>

namespace pmat::cache::detail {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
   if (!ctx_ || EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) {
      EVP_MD_CTX_free(ctx_);
      throw std::bad_alloc();
   }
}

Sha256::~Sha256() {
   EVP_MD_CTX_free(ctx_);
}

void Sha256::update(const void *data, std::size_t size) {
   if (size > 0)
      EVP_DigestUpdate(ctx_, data, size);
}

Digest Sha256::finish() {
   Digest out{};
   unsigned int len = 0;
   EVP_DigestFinal_ex(ctx_, out.data(), &len);
   return out;
}

Digest sha256(std::string_view bytes) {
   Sha256 h;
   h.update(bytes);
   return h.finish();
}

} // namespace pmat::cache::detail
