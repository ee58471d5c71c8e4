// SPDX-License-Identifier: MIT
// SHA-256 through OpenSSL's EVP interface, incrementally.
#pragma once

#include <pmat/cache/key.hpp>

#include <string_view>

struct evp_md_ctx_st;

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
   evp_md_ctx_st *ctx_;
};

Digest sha256(std::string_view bytes);

} // namespace pmat::cache::detail
