// SPDX-License-Identifier: MIT
#include "disk_index.hpp"
#include "file_io.hpp"

#include <pmat/cache/disk_store.hpp>
#include <pmat/cache/entry_codec.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <string>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace pmat::cache {
namespace {

int hex_value(char c) {
   if (c >= '0' && c <= '9')
      return c - '0';
   if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
   return -1;
}

bool parse_digest(std::string_view hex, Digest &out) {
   if (hex.size() != 64)
      return false;
   for (std::size_t i = 0; i < 32; ++i) {
      const int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
      if (hi < 0 || lo < 0)
         return false;
      out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
   }
   return true;
}

// Temp names are "<hex>.<pid>.<seq>.tmp"; a temp whose writer is gone will never be renamed.
bool writer_is_dead(const std::string &name) {
   const auto first = name.find('.');
   const auto second = name.find('.', first + 1);
   if (first == std::string::npos || second == std::string::npos)
      return true;
   const long pid = std::strtol(name.c_str() + first + 1, nullptr, 10);
   return pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH);
}

struct Found {
   fs::file_time_type mtime;
   Digest digest;
   std::uint64_t size;
};

void collect_entries(const fs::path &fanout, std::vector<Found> &out) {
   std::error_code ec;
   for (const auto &e : fs::directory_iterator(fanout, ec)) {
      Digest d;
      if (e.path().extension() != ".entry" || !parse_digest(e.path().stem().string(), d))
         continue;
      std::error_code ec2;
      const auto size = e.file_size(ec2);
      const auto mtime = e.last_write_time(ec2);
      if (!ec2)
         out.push_back(Found{mtime, d, size});
   }
}

} // namespace

DiskStore::DiskStore(DiskStoreConfig config, NowFn wall_now)
    : config_(std::move(config)), wall_now_(std::move(wall_now)), root_(config_.dir / "l2-v1"),
      index_(std::make_unique<detail::DiskIndex>()) {
   std::error_code ec;
   fs::create_directories(root_ / "tmp", ec);
   usable_ = !ec;
   counters_.available = usable_;
   if (usable_)
      scan();
}

DiskStore::~DiskStore() = default;

void DiskStore::scan() {
   std::error_code ec;
   for (const auto &e : fs::directory_iterator(root_ / "tmp", ec)) {
      std::error_code ec2;
      if (writer_is_dead(e.path().filename().string()) && fs::remove(e.path(), ec2))
         ++stale_temps_removed_;
   }
   std::vector<Found> found;
   for (const auto &e : fs::directory_iterator(root_, ec))
      if (e.path().filename() != "tmp" && e.is_directory())
         collect_entries(e.path(), found);
   std::sort(found.begin(), found.end(),
             [](const Found &a, const Found &b) { return a.mtime < b.mtime; });
   for (const auto &f : found)
      for (const auto &victim : index_->add(f.digest, f.size, config_.max_bytes))
         drop(victim);
}

fs::path DiskStore::entry_path(const Digest &digest) const {
   const std::string hex = to_hex(digest);
   return root_ / hex.substr(0, 2) / (hex + ".entry");
}

void DiskStore::drop(const Digest &digest) noexcept {
   ::unlink(entry_path(digest).c_str());
}

ValuePtr DiskStore::lookup(const Key &key) {
   const auto bytes = detail::read_whole_file(entry_path(key.digest()),
                                              config_.max_entry_bytes + k_entry_header_size);
   const Decoded d =
       bytes ? decode_entry(*bytes, key, wall_now_()) : Decoded{DecodeStatus::Expired, nullptr};
   std::lock_guard lock(mu_);
   if (d.status == DecodeStatus::Ok) {
      index_->touch(key.digest());
      ++counters_.hits;
      return d.value;
   }
   ++counters_.misses;
   if (!bytes) {
      index_->remove(key.digest());
      return nullptr;
   }
   if (d.status != DecodeStatus::Expired)
      ++counters_.corrupt;
   index_->remove(key.digest());
   drop(key.digest());
   return nullptr;
}

ValuePtr DiskStore::get(const Key &key) noexcept {
   if (!usable_)
      return nullptr;
   try {
      return lookup(key);
   } catch (...) {
      return nullptr; // allocation failure: a miss, never a failed request
   }
}

void DiskStore::store(const Key &key, const Value &value, std::uint64_t ttl_ns) {
   const std::uint64_t now = wall_now_();
   const std::uint64_t expires = ttl_ns > UINT64_MAX - now ? UINT64_MAX : now + ttl_ns;
   const std::string blob = encode_entry(key, value, expires);
   const fs::path target = entry_path(key.digest());
   std::error_code ec;
   fs::create_directories(target.parent_path(), ec);
   const fs::path tmp = root_ / "tmp" /
                        (key.hex() + "." + std::to_string(::getpid()) + "." +
                         std::to_string(temp_seq_.fetch_add(1)) + ".tmp");
   const bool ok = detail::write_file_atomically(tmp, target, blob);
   std::lock_guard lock(mu_);
   if (!ok) {
      ++counters_.write_failures;
      return;
   }
   ++counters_.writes;
   for (const auto &victim : index_->add(key.digest(), blob.size(), config_.max_bytes)) {
      drop(victim);
      ++counters_.evictions;
   }
}

void DiskStore::put(const Key &key, const Value &value, std::uint64_t ttl_ns) noexcept {
   if (!usable_ || !storable(key.engine(), value.kind) ||
       value.payload.size() > config_.max_entry_bytes ||
       value.payload.size() + k_entry_header_size > config_.max_bytes)
      return;
   try {
      store(key, value, ttl_ns);
   } catch (...) {
      std::lock_guard lock(mu_);
      ++counters_.write_failures;
   }
}

void DiskStore::clear() noexcept {
   if (!usable_)
      return;
   std::lock_guard lock(mu_);
   std::error_code ec;
   for (const auto &e : fs::directory_iterator(root_, ec)) {
      std::error_code ec2;
      if (e.path().filename() != "tmp")
         fs::remove_all(e.path(), ec2);
   }
   index_->clear();
}

L2Stats DiskStore::stats() const {
   std::lock_guard lock(mu_);
   L2Stats s = counters_;
   s.entries = index_->entries();
   s.bytes = index_->bytes();
   return s;
}

} // namespace pmat::cache
