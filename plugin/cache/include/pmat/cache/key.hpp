// SPDX-License-Identifier: MIT
// The cache key: SHA-256 over a canonical, length-prefixed encoding of everything that can change
// an answer (docs/cache.md "Key"). Crafted content cannot collide with another entry short of a
// SHA-256 collision, unlike upstream's 64-bit FNV-1a of the content alone.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace pmat::cache {

// Bumped to invalidate every cached entry at once (e.g. a result-format change).
inline constexpr std::uint32_t k_key_namespace_version = 1;

using Digest = std::array<std::uint8_t, 32>;

// Which engine an entry answers for. Part of the digest, and checked again on every store so a
// native answer can never sit under a Claude key (value.hpp). Host: bytes the host stored through
// pmat.cache/1 under its own key; a key space of its own, so it can never collide with an answer.
enum class Engine : std::uint8_t { Native = 1, Claude = 2, Host = 3 };

struct KeyInputs {
   std::uint32_t namespace_version = k_key_namespace_version;
   std::string_view content;          // the file's bytes
   std::string_view language;         // e.g. "rust"
   Engine engine = Engine::Claude;    //
   std::string_view model;            // e.g. "claude-sonnet-4-5"; empty for native
   std::string_view prompt_version;   // prompt/template revision
   std::string_view analyzer_version; // plugin/analyzer version string
   std::string_view options_json;     // request options; canonicalised before hashing
};

class Key {
 public:
   Key() = default;
   Key(const Digest &digest, Engine engine) : digest_(digest), engine_(engine) {}

   const Digest &digest() const noexcept { return digest_; }
   Engine engine() const noexcept { return engine_; }
   std::string hex() const;
   // First 8 bytes as an integer: the digest is uniform, so this is a good table hash.
   std::uint64_t hash64() const noexcept {
      std::uint64_t h;
      std::memcpy(&h, digest_.data(), sizeof h);
      return h;
   }
   friend bool operator==(const Key &, const Key &) = default;

 private:
   Digest digest_{};
   Engine engine_ = Engine::Claude;
};

// The byte string that is hashed (exposed for documentation tests and debugging).
std::string canonical_key_encoding(const KeyInputs &inputs);
// SHA-256 of canonical_key_encoding(inputs). Never throws for any input.
Key make_key(const KeyInputs &inputs);

// Options JSON with object keys sorted recursively and no insignificant whitespace, so
// {"b":1,"a":2} and { "a":2, "b":1 } key the same. Text that is not JSON is returned as
// "\x01raw:" + text, which no canonical JSON can equal, so it still keys deterministically.
std::string canonical_options(std::string_view options_json);

std::string to_hex(const Digest &digest);

} // namespace pmat::cache
