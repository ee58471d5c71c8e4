// Crash safety of the disk tier with real processes: writer children are SIGKILLed at random
// points while writing large entries; afterwards every entry that reads back must be intact,
// and entries damaged outside the store's control read as counted misses.
#include "test_support.hpp"

#include <pmat/cache/disk_store.hpp>

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <filesystem>
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

} // namespace

BOOST_AUTO_TEST_CASE(killed_writers_never_leave_a_readable_torn_entry) {
   ScratchDir dir;
   std::mt19937 rng(std::random_device{}());
   for (std::uint32_t round = 0; round < 12; ++round)
      kill_one_writer(dir.path, round * 1000u, rng);

   FakeClock wall;
   DiskStore store({.dir = dir.path}, wall.fn());
   BOOST_TEST(fs::is_empty(store.root() / "tmp")); // dead writers' temps cleaned at start
   int readable = 0;
   for (int slot = 0; slot < k_keys; ++slot) {
      if (ValuePtr v = store.get(slot_key(slot))) {
         ++readable;
         BOOST_TEST(intact(slot, v->payload), "slot " << slot << " is torn");
      }
   }
   BOOST_TEST(readable >= 1);
   BOOST_TEST(store.stats().corrupt == 0u); // rename is atomic: no torn file under a final name
}

// Damage the store cannot prevent (a disk error, a tool writing in place): reported as misses.
BOOST_AUTO_TEST_CASE(entries_damaged_in_place_read_as_counted_misses) {
   ScratchDir dir;
   FakeClock wall;
   {
      DiskStore store({.dir = dir.path}, wall.fn());
      for (int slot = 0; slot < k_keys; ++slot)
         store.put(slot_key(slot), Value{Kind::Claude, payload(slot, 1)}, 1'000'000'000);
   }
   std::mt19937 rng(11);
   DiskStore probe({.dir = dir.path}, wall.fn());
   for (int slot = 0; slot < k_keys; slot += 2) // truncate every other entry at a random length
      fs::resize_file(probe.entry_path(slot_key(slot).digest()), rng() % (200u << 10));
   DiskStore store({.dir = dir.path}, wall.fn());
   for (int slot = 0; slot < k_keys; ++slot) {
      const ValuePtr v = store.get(slot_key(slot));
      BOOST_TEST(!v == (slot % 2 == 0));
      if (v)
         BOOST_TEST(intact(slot, v->payload));
   }
   BOOST_TEST(store.stats().corrupt == static_cast<std::uint64_t>(k_keys / 2));
}
