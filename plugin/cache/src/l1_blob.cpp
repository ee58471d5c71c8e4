// SPDX-License-Identifier: MIT
// L1 export/import for hot reloads. Layout (little-endian):
//   "pmat.cache.l1/1\n" | u32 count | count x (digest[32] u8 engine u8 kind u64 ttl_left_ns
//   u32 payload_len payload) | SHA-256 of everything before it
// TTLs travel as "time left" because the next generation's clock is only guaranteed monotonic.
#include "bytes.hpp"
#include "sha256.hpp"

#include <pmat/cache/l1_cache.hpp>

#include <vector>

namespace pmat::cache {
namespace {

constexpr std::string_view k_family = "pmat.cache.l1/";
constexpr std::string_view k_magic = "pmat.cache.l1/1\n";
constexpr std::size_t k_trailer = 32;

bool valid_engine(std::uint8_t e) {
   return e >= static_cast<std::uint8_t>(Engine::Native) &&
          e <= static_cast<std::uint8_t>(Engine::Host);
}

bool valid_kind(std::uint8_t k) {
   return k >= static_cast<std::uint8_t>(Kind::Claude) &&
          k <= static_cast<std::uint8_t>(Kind::Host);
}

struct Parsed {
   Key key;
   ValuePtr value;
   std::uint64_t ttl_left;
};

bool parse_entry(detail::Reader &r, std::vector<Parsed> &out) {
   Digest d;
   std::uint8_t engine = 0, kind = 0;
   std::uint64_t ttl = 0;
   std::uint32_t len = 0;
   std::string_view payload;
   if (!r.raw(d.data(), d.size()) || !r.le(engine) || !r.le(kind) || !r.le(ttl) || !r.le(len) ||
       !r.bytes(len, payload))
      return false;
   if (!valid_engine(engine) || !valid_kind(kind))
      return false;
   auto value = std::make_shared<const Value>(Value{static_cast<Kind>(kind), std::string(payload)});
   out.push_back(Parsed{Key(d, static_cast<Engine>(engine)), std::move(value), ttl});
   return true;
}

L1ImportReport::Status parse_blob(std::string_view blob, std::vector<Parsed> &out) {
   using S = L1ImportReport::Status;
   if (blob.empty())
      return S::Empty;
   if (blob.substr(0, k_magic.size()) != k_magic)
      return blob.substr(0, k_family.size()) == k_family ? S::UnknownVersion : S::Corrupt;
   if (blob.size() < k_magic.size() + 4 + k_trailer)
      return S::Corrupt;
   const std::string_view body = blob.substr(0, blob.size() - k_trailer);
   const Digest sum = detail::sha256(body);
   if (std::string_view(reinterpret_cast<const char *>(sum.data()), sum.size()) !=
       blob.substr(body.size()))
      return S::Corrupt;
   detail::Reader r(body.substr(k_magic.size()));
   std::uint32_t count = 0;
   r.le(count);
   for (std::uint32_t i = 0; i < count; ++i)
      if (!parse_entry(r, out))
         return S::Corrupt;
   return r.remaining() == 0 ? S::Ok : S::Corrupt;
}

} // namespace

std::string L1Cache::export_blob() const {
   const std::uint64_t now = now_();
   std::string body(k_magic);
   std::string entries;
   std::uint32_t count = 0;
   for (std::size_t i = 0; i <= shard_mask_; ++i) {
      const Shard &s = shards_[i];
      std::lock_guard lock(s.mu);
      // Least recent first, so importing in order rebuilds the same recency.
      for (auto it = s.lru.rbegin(); it != s.lru.rend(); ++it) {
         if (now > it->expires_ns || it->value->payload.size() > UINT32_MAX)
            continue;
         entries.append(reinterpret_cast<const char *>(it->key.digest().data()), 32);
         detail::put_le(entries, static_cast<std::uint8_t>(it->key.engine()));
         detail::put_le(entries, static_cast<std::uint8_t>(it->value->kind));
         detail::put_le(entries, it->expires_ns - now);
         detail::put_le(entries, static_cast<std::uint32_t>(it->value->payload.size()));
         entries += it->value->payload;
         ++count;
      }
   }
   detail::put_le(body, count);
   body += entries;
   const Digest sum = detail::sha256(body);
   body.append(reinterpret_cast<const char *>(sum.data()), sum.size());
   return body;
}

L1ImportReport L1Cache::import_blob(std::string_view blob) {
   L1ImportReport report;
   std::vector<Parsed> parsed;
   try {
      report.status = parse_blob(blob, parsed);
   } catch (const std::bad_alloc &) {
      report.status = L1ImportReport::Status::Corrupt;
   }
   if (report.status != L1ImportReport::Status::Ok)
      return report;
   for (auto &p : parsed)
      report.imported += put(p.key, std::move(p.value), p.ttl_left) ? 1 : 0;
   return report;
}

} // namespace pmat::cache
