// SPDX-License-Identifier: MIT
#include "sha256.hpp"

#include <pmat/cache/key.hpp>

namespace pmat::cache {
namespace {

// Each field is (1-byte tag, 8-byte little-endian length, bytes): the encoding is injective, so
// two different input tuples can never produce the same byte string (no separator ambiguity).
void field(std::string &out, char tag, std::string_view bytes) {
   out += tag;
   std::uint64_t n = bytes.size();
   for (int i = 0; i < 8; ++i) {
      out += static_cast<char>(n & 0xffu);
      n >>= 8;
   }
   out.append(bytes.data(), bytes.size());
}

std::string_view engine_name(Engine e) {
   switch (e) {
   case Engine::Claude: return "claude";
   case Engine::Host: return "host";
   case Engine::Native: break;
   }
   return "native";
}

} // namespace

std::string canonical_key_encoding(const KeyInputs &in) {
   std::string out = "pmat.cache.key\n";
   out.reserve(out.size() + in.content.size() + 256);
   field(out, 'N', std::to_string(in.namespace_version));
   field(out, 'E', engine_name(in.engine));
   field(out, 'L', in.language);
   field(out, 'M', in.model);
   field(out, 'P', in.prompt_version);
   field(out, 'A', in.analyzer_version);
   field(out, 'O', canonical_options(in.options_json));
   field(out, 'C', in.content); // last: the only large field
   return out;
}

Key make_key(const KeyInputs &in) {
   return Key(detail::sha256(canonical_key_encoding(in)), in.engine);
}

std::string to_hex(const Digest &digest) {
   static constexpr char k_hex[] = "0123456789abcdef";
   std::string out(digest.size() * 2, '0');
   for (std::size_t i = 0; i < digest.size(); ++i) {
      out[2 * i] = k_hex[digest[i] >> 4];
      out[2 * i + 1] = k_hex[digest[i] & 0xf];
   }
   return out;
}

std::string Key::hex() const {
   return to_hex(digest_);
}

} // namespace pmat::cache
