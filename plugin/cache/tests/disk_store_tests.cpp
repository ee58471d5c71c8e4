// SPDX-License-Identifier: MIT
#include "test_support.hpp"

#include <pmat/cache/disk_store.hpp>
#include <pmat/cache/entry_codec.hpp>
#include <pmat/cache/paths.hpp>
#include <pmat/cache/tiered_cache.hpp>

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>

using namespace pmat::cache;
using pmat::cache::test::FakeClock;
using pmat::cache::test::key_for;
using pmat::cache::test::ScratchDir;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(disk_store)

BOOST_AUTO_TEST_CASE(entries_survive_a_restart) {
   ScratchDir dir;
   FakeClock wall;
   const Key k = key_for("a");
   {
      DiskStore s({.dir = dir.path}, wall.fn());
      s.put(k, Value{Kind::Claude, "A"}, 1000);
      BOOST_TEST(s.stats().writes == 1u);
   }
   DiskStore s({.dir = dir.path}, wall.fn());
   BOOST_TEST(s.stats().entries == 1u); // indexed by the start-up scan
   const ValuePtr v = s.get(k);
   BOOST_TEST_REQUIRE(v);
   BOOST_TEST(v->payload == "A");
   BOOST_TEST(s.stats().hits == 1u);
}

BOOST_AUTO_TEST_CASE(expired_entries_are_misses_and_removed) {
   ScratchDir dir;
   FakeClock wall;
   DiskStore s({.dir = dir.path}, wall.fn());
   const Key k = key_for("a");
   s.put(k, Value{Kind::Claude, "A"}, 1000);
   wall.advance(1001);
   BOOST_TEST(!s.get(k));
   BOOST_TEST(!fs::exists(s.entry_path(k.digest())));
   BOOST_TEST(s.stats().corrupt == 0u);
}

BOOST_AUTO_TEST_CASE(corrupt_and_misfiled_entries_are_deleted_and_counted) {
   ScratchDir dir;
   FakeClock wall;
   DiskStore s({.dir = dir.path}, wall.fn());
   const Key a = key_for("a"), b = key_for("b"), c = key_for("c");
   s.put(a, Value{Kind::Claude, std::string(1000, 'a')}, 1000);
   s.put(b, Value{Kind::Claude, "B"}, 1000);
   fs::resize_file(s.entry_path(a.digest()), 500); // torn
   fs::create_directories(s.entry_path(c.digest()).parent_path());
   fs::copy_file(s.entry_path(b.digest()), s.entry_path(c.digest())); // b's bytes under c's name
   BOOST_TEST(!s.get(a));
   BOOST_TEST(!s.get(c));
   BOOST_TEST(s.get(b));
   BOOST_TEST(s.stats().corrupt == 2u);
   BOOST_TEST(!fs::exists(s.entry_path(a.digest())));
   BOOST_TEST(!fs::exists(s.entry_path(c.digest())));
}

BOOST_AUTO_TEST_CASE(size_bound_evicts_least_recently_used) {
   ScratchDir dir;
   FakeClock wall;
   const std::uint64_t entry = k_entry_header_size + 1000;
   DiskStore s({.dir = dir.path, .max_bytes = 3 * entry}, wall.fn());
   std::vector<Key> keys;
   for (int i = 0; i < 3; ++i) {
      keys.push_back(key_for(std::to_string(i)));
      s.put(keys.back(), Value{Kind::Claude, std::string(1000, 'x')}, 1000);
   }
   BOOST_TEST(s.get(keys[0])); // 1 is now the least recent
   keys.push_back(key_for("3"));
   s.put(keys.back(), Value{Kind::Claude, std::string(1000, 'x')}, 1000);
   BOOST_TEST(s.stats().evictions == 1u);
   BOOST_TEST(s.stats().bytes <= 3 * entry);
   BOOST_TEST(!fs::exists(s.entry_path(keys[1].digest())));
   BOOST_TEST(s.get(keys[0]));
   BOOST_TEST(s.get(keys[3]));
}

BOOST_AUTO_TEST_CASE(kinds_that_do_not_match_the_key_are_not_written) {
   ScratchDir dir;
   FakeClock wall;
   DiskStore s({.dir = dir.path}, wall.fn());
   s.put(key_for("a", Engine::Claude), Value{Kind::Native, "N"}, 1000);
   BOOST_TEST(s.stats().writes == 0u);
   BOOST_TEST(!s.get(key_for("a", Engine::Claude)));
}

BOOST_AUTO_TEST_CASE(temp_files_of_dead_writers_are_removed_at_start) {
   ScratchDir dir;
   FakeClock wall;
   { DiskStore s({.dir = dir.path}, wall.fn()); }
   const fs::path stale = dir.path / "l2-v1" / "tmp" / "abc.999999999.1.tmp";
   const fs::path live =
       dir.path / "l2-v1" / "tmp" / ("abc." + std::to_string(::getpid()) + ".1.tmp");
   std::ofstream(stale) << "partial";
   std::ofstream(live) << "in progress";
   DiskStore s({.dir = dir.path}, wall.fn());
   BOOST_TEST(s.stale_temps_removed() == 1u);
   BOOST_TEST(!fs::exists(stale));
   BOOST_TEST(fs::exists(live));
}

BOOST_AUTO_TEST_CASE(an_unusable_directory_is_a_miss_not_a_failure) {
   FakeClock wall;
   DiskStore s({.dir = "/proc/self/pmat-cannot-create"}, wall.fn());
   s.put(key_for("a"), Value{Kind::Claude, "A"}, 1000);
   BOOST_TEST(!s.get(key_for("a")));
   BOOST_TEST(!s.stats().available);
}

BOOST_AUTO_TEST_CASE(restart_through_the_tiered_cache_is_an_l2_hit) {
   ScratchDir dir;
   FakeClock mono, wall;
   const Key k = key_for("a");
   auto make = [&] {
      std::vector<std::unique_ptr<L2Store>> l2;
      l2.push_back(std::make_unique<DiskStore>(DiskStoreConfig{.dir = dir.path}, wall.fn()));
      return std::make_unique<TieredCache>(TieredConfig{}, mono.fn(), std::move(l2));
   };
   make()->get_or_load(k, [] { return LoadResult::answer(Kind::Claude, "A"); });
   auto second = make();
   const auto r = second->get_or_load(k, [] { return LoadResult::error("unreachable", ""); });
   BOOST_TEST((r.source == Source::L2));
   BOOST_TEST(r.result.value()->payload == "A");
}

BOOST_AUTO_TEST_CASE(xdg_cache_home_and_fallbacks) {
   std::map<std::string, std::string> env;
   const GetEnvFn getenv = [&](const char *name) -> const char * {
      const auto it = env.find(name);
      return it == env.end() ? nullptr : it->second.c_str();
   };
   env["HOME"] = "/home/u";
   BOOST_TEST(default_cache_dir(getenv)->string() == "/home/u/.cache/pmat");
   env["XDG_CACHE_HOME"] = "relative/ignored";
   BOOST_TEST(default_cache_dir(getenv)->string() == "/home/u/.cache/pmat");
   env["XDG_CACHE_HOME"] = "/xdg";
   BOOST_TEST(default_cache_dir(getenv)->string() == "/xdg/pmat");
   env.clear();
   BOOST_TEST(default_cache_dir(getenv).has_value()); // the passwd entry's home
}

BOOST_AUTO_TEST_SUITE_END()
