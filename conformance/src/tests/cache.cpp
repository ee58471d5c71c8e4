// SPDX-License-Identifier: MIT
// Cache: get/put/stats/clear, bad keys, and TTLs measured on the host's clock.
#include "checks.hpp"
#include "suite_host.hpp"
#include "test_case.hpp"

namespace pmat::conformance {

namespace {

const pmat_cache &cache_or_skip(TestContext &ctx, const PluginSession &s) {
   const pmat_cache *c = s.cache();
   if (c == nullptr)
      ctx.skip("the plugin does not provide pmat.cache/1");
   return *c;
}

const std::uint8_t *bytes(std::string_view s) {
   return reinterpret_cast<const std::uint8_t *>(s.data());
}

CallResult get(TestContext &ctx, const PluginSession &s, std::string_view key,
               const std::string &call) {
   const pmat_cache &c = cache_or_skip(ctx, s);
   return call_buffer(ctx, s, call, c.release, [&c, key](pmat_plugin_buffer *b) {
      return c.get(bytes(key), key.size(), b);
   });
}

void expect_status(TestContext &ctx, pmat_status got, pmat_status want, const std::string &call) {
   ctx.expect(got == want,
              call + " returned " + status_text(got) + ", expected " + status_text(want));
}

void test_contract(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   const pmat_cache &c = cache_or_skip(ctx, s);
   using namespace std::string_literals;
   const std::string key = "conformance\0key"s;
   const std::string value = "value with a NUL\0 and \xff bytes"s;
   expect_status(ctx, get(ctx, s, key, "get(missing)").status, PMAT_STATUS_NOT_FOUND,
                 "get(missing)");
   expect_status(ctx, c.put(bytes(key), key.size(), bytes(value), value.size(), 0), 0, "put");
   const auto hit = get(ctx, s, key, "get(after put)");
   ctx.expect(hit.ok() && hit.body == value, "get after put did not return the stored bytes");
   const auto stats =
       call_buffer(ctx, s, "stats", c.release, [&c](pmat_plugin_buffer *b) { return c.stats(b); });
   expect_json_object(ctx, stats, "stats");
   expect_status(ctx, c.clear(), PMAT_STATUS_OK, "clear");
   expect_status(ctx, get(ctx, s, key, "get(after clear)").status, PMAT_STATUS_NOT_FOUND,
                 "get(after clear)");
   const pmat_status null_key = c.put(nullptr, 4, bytes(value), value.size(), 0);
   ctx.expect(null_key == PMAT_STATUS_INVALID_ARGUMENT,
              "put(NULL key) returned " + status_text(null_key));
   const pmat_status empty_key = c.put(bytes(key), 0, bytes(value), value.size(), 0);
   ctx.expect(empty_key == PMAT_STATUS_INVALID_ARGUMENT,
              "put(key_size 0) returned " + status_text(empty_key) + " (key_size must be > 0)");
}

void test_ttl(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   const pmat_cache &c = cache_or_skip(ctx, s);
   const std::string key = "ttl-key";
   const std::string value = "ttl-value";
   expect_status(ctx, c.put(bytes(key), key.size(), bytes(value), value.size(), 1000), 0,
                 "put(ttl 1000 ms)");
   expect_status(ctx, get(ctx, s, key, "get(before expiry)").status, PMAT_STATUS_OK,
                 "get(before expiry)");
   // Only the host's clock moves: a plugin that times TTLs with its own clock keeps the entry.
   SuiteHost::instance().advance_clock(5'000'000'000ULL);
   expect_status(ctx, get(ctx, s, key, "get(5 s later on the host clock)").status,
                 PMAT_STATUS_NOT_FOUND, "get(5 s later on the host clock)");
}

} // namespace

void add_cache_tests(std::vector<TestCase> &out) {
   out.insert(out.end(),
              {
                  {"cache-contract", "cache", "pmat_cache (no id)", 2,
                   "get misses with NOT_FOUND, put/get round-trips binary bytes, stats is JSON, "
                   "clear empties, bad keys are INVALID_ARGUMENT.",
                   test_contract},
                  {"cache-ttl-host-clock", "cache", "pmat_host.now_ns (no id)", 2,
                   "A TTL expires when the host's clock (and only it) moves past it.", test_ttl},
              });
}

} // namespace pmat::conformance
