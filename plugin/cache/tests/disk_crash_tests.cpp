// SPDX-License-Identifier: MIT
// Crash safety of the disk tier with real processes: writer children are SIGKILLed at random
// points while writing large entries; afterwards every entry that reads back must be intact.
// Entries damaged on disk the way a power loss can leave them (the store writes without fsync:
// truncated, empty, zero-filled) or the way a disk or a tool can (a changed byte, bytes appended)
// read as counted misses, are removed, and are recomputed through the tiered cache.
// The random choices come from one seed, printed on every run; PMAT_CACHE_CRASH_SEED=N replays
// them (the kill points also depend on timing, which no seed controls).
#include "test_support.hpp"

#include <pmat/cache/disk_store.hpp>

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

using namespace pmat::cache;
using pmat::cache::test::FakeClock;
using pmat::cache::test::key_for;
using pmat::cache::test::ScratchDir;
namespace fs = std::filesystem;

namespace {

constexpr int k_keys = 12;

std::uint32_t test_seed() {
   static const std::uint32_t k_seed = [] {
      const char *fixed = std::getenv("PMAT_CACHE_CRASH_SEED");
      const auto chosen = fixed ? static_cast<std::uint32_t>(std::strtoul(fixed, nullptr, 10))
                                : std::random_device{}();
      std::clog << "disk_crash_tests seed " << chosen
                << " (replay: PMAT_CACHE_CRASH_SEED=" << chosen << ")\n";
      return chosen;
   }();
   return k_seed;
}

Key slot_key(int slot) {
   return key_for("crash-slot-" + std::to_string(slot));
}

// "slot=<s>;gen=<g>;" then bytes derived from (slot, gen): an entry is intact exactly when its
// bytes match what that header says they should be.
std::string payload(int slot, std::uint32_t gen) {
   std::string p = "slot=" + std::to_string(slot) + ";gen=" + std::to_string(gen) + ";";
   std::mt19937 rng(gen * 131u + static_cast<std::uint32_t>(slot));
   const std::size_t size = (256u << 10) + rng() % (1536u << 10);
   p.reserve(size);
   while (p.size() < size)
      p += static_cast<char>('a' + rng() % 26);
   return p;
}

bool intact(int slot, const std::string &p) {
   const std::string prefix = "slot=" + std::to_string(slot) + ";gen=";
   if (p.compare(0, prefix.size(), prefix) != 0)
      return false;
   const auto gen = static_cast<std::uint32_t>(std::stoul(p.substr(prefix.size())));
   return p == payload(slot, gen);
}

[[noreturn]] void writer(const fs::path &dir, std::uint32_t seed, int ready_fd) {
   FakeClock wall;
   DiskStore store({.dir = dir}, wall.fn());
   for (std::uint32_t gen = seed;; ++gen) {
      const int slot = static_cast<int>(gen % k_keys);
      store.put(slot_key(slot), Value{Kind::Claude, payload(slot, gen)}, 1'000'000'000);
      if (ready_fd >= 0) { // the parent starts its random delay after one complete write
         (void)::write(ready_fd, "r", 1);
         ::close(ready_fd);
         ready_fd = -1;
      }
   }
}

void kill_one_writer(const fs::path &dir, std::uint32_t seed, std::mt19937 &rng) {
   int fds[2];
   BOOST_TEST_REQUIRE(::pipe(fds) == 0);
   const pid_t pid = ::fork();
   BOOST_TEST_REQUIRE(pid >= 0);
   if (pid == 0) {
      ::close(fds[0]);
      writer(dir, seed, fds[1]);
   }
   ::close(fds[1]);
   char c;
   BOOST_TEST_REQUIRE(::read(fds[0], &c, 1) == 1);
   ::close(fds[0]);
   ::usleep(static_cast<useconds_t>(rng() % 40000)); // a random point in the write loop
   ::kill(pid, SIGKILL);
   int status = 0;
   ::waitpid(pid, &status, 0);
   BOOST_TEST(WIFSIGNALED(status));
}

enum class Damage { Truncate, Empty, HeaderOnly, ZeroFill, ChangeByte, Append };
constexpr int k_damages = 6;

// Damages the file as a power loss (nothing was flushed), a bad disk or a stray tool could.
void damage(const fs::path &file, Damage kind, std::mt19937 &rng) {
   const auto size = fs::file_size(file);
   std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
   switch (kind) {
   case Damage::Truncate: fs::resize_file(file, rng() % size); break;
   case Damage::Empty: fs::resize_file(file, 0); break;
   case Damage::HeaderOnly: fs::resize_file(file, 96); break;
   case Damage::ZeroFill: f << std::string(size, '\0'); break;
   case Damage::ChangeByte: {
      const auto at = static_cast<std::streamoff>(rng() % size);
      char c = 0;
      f.seekg(at).get(c);
      f.seekp(at).put(static_cast<char>(c ^ static_cast<char>(1 + rng() % 255)));
      break;
   }
   case Damage::Append: f.seekp(0, std::ios::end) << 'x'; break;
   }
}

} // namespace

BOOST_AUTO_TEST_CASE(killed_writers_never_leave_a_readable_torn_entry) {
   ScratchDir dir;
   std::mt19937 rng(test_seed());
   for (std::uint32_t round = 0; round < 12; ++round)
      kill_one_writer(dir.path, round * 1000u, rng);

   FakeClock wall;
   DiskStore store({.dir = dir.path}, wall.fn());
   BOOST_TEST(fs::is_empty(store.root() / "tmp")); // dead writers' temps cleaned at start
   int readable = 0;
   for (int slot = 0; slot < k_keys; ++slot) {
      if (ValuePtr v = store.get(slot_key(slot))) {
         ++readable;
         BOOST_TEST(intact(slot, v->payload), "slot " << slot << " is torn, seed " << test_seed());
      }
   }
   BOOST_TEST(readable >= 1);
   BOOST_TEST(store.stats().corrupt == 0u); // rename is atomic: no torn file under a final name
}

// Every other entry gets one of the damages; the others must still read back intact.
BOOST_AUTO_TEST_CASE(entries_damaged_on_disk_read_as_counted_misses_and_are_removed) {
   ScratchDir dir;
   FakeClock wall;
   {
      DiskStore store({.dir = dir.path}, wall.fn());
      for (int slot = 0; slot < k_keys; ++slot)
         store.put(slot_key(slot), Value{Kind::Claude, payload(slot, 1)}, 1'000'000'000);
   }
   std::mt19937 rng(test_seed());
   DiskStore probe({.dir = dir.path}, wall.fn());
   for (int slot = 0; slot < k_keys; slot += 2)
      damage(probe.entry_path(slot_key(slot).digest()), static_cast<Damage>(slot / 2 % k_damages),
             rng);
   DiskStore store({.dir = dir.path}, wall.fn());
   for (int slot = 0; slot < k_keys; ++slot) {
      const bool damaged = slot % 2 == 0;
      const ValuePtr v = store.get(slot_key(slot));
      BOOST_TEST(!v == damaged, "slot " << slot << ", seed " << test_seed());
      BOOST_TEST(fs::exists(store.entry_path(slot_key(slot).digest())) == !damaged);
      if (v)
         BOOST_TEST(intact(slot, v->payload));
   }
   BOOST_TEST(store.stats().corrupt == static_cast<std::uint64_t>(k_keys / 2));
}

// Through the tiered cache a damaged entry is a miss: the loader runs again and its answer
// replaces the bad file, so the next process reads the good one.
BOOST_AUTO_TEST_CASE(a_damaged_entry_is_recomputed_and_rewritten) {
   ScratchDir dir;
   FakeClock wall, now;
   const Key key = slot_key(0);
   const auto tiered = [&] {
      std::vector<std::unique_ptr<L2Store>> stores;
      stores.push_back(std::make_unique<DiskStore>(DiskStoreConfig{.dir = dir.path}, wall.fn()));
      return std::make_unique<TieredCache>(TieredConfig{}, now.fn(), std::move(stores));
   };
   const auto load = [] { return LoadResult::answer(Kind::Claude, payload(0, 7)); };
   tiered()->get_or_load(key, load);
   std::mt19937 rng(test_seed());
   for (int kind = 0; kind < k_damages; ++kind) {
      DiskStore probe({.dir = dir.path}, wall.fn());
      damage(probe.entry_path(key.digest()), static_cast<Damage>(kind), rng);
      const auto cache = tiered();
      const auto first = cache->get_or_load(key, load);
      BOOST_TEST((first.source == Source::Loaded), "damage " << kind << ", seed " << test_seed());
      BOOST_TEST(cache->stats().l2[0].second.corrupt == 1u);
      const auto next_process = tiered()->get_or_load(key, load);
      BOOST_TEST((next_process.source == Source::L2));
      BOOST_TEST(intact(0, next_process.result.value()->payload));
   }
}
