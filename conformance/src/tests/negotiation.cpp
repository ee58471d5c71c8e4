// SPDX-License-Identifier: MIT
// Negotiation: the major/minor/patch rules, checked from the host side with pmat_abi_compatible
// and from the plugin side by offering init hosts of other versions.
#include "checks.hpp"
#include "process_probe.hpp"
#include "suite_host.hpp"
#include "test_case.hpp"

#include <chrono>
#include <thread>

namespace pmat::conformance {

namespace {

std::string text(pmat_abi_version v) {
   return std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch);
}

bool compatible(pmat_abi_version host, pmat_abi_version plugin) {
   return pmat_abi_compatible(host, plugin, nullptr, 0) == 1;
}

void test_helper_rules(TestContext &ctx) {
   const pmat_abi_version base{1, 2, 3};
   ctx.expect(compatible(base, {1, 2, 0}), "equal majors and minors must be compatible");
   ctx.expect(compatible(base, {1, 1, 9}), "an older plugin minor must be accepted (012)");
   ctx.expect(compatible(base, {1, 2, 99}), "the patch must not matter (013)");
   ctx.expect(!compatible(base, {1, 3, 0}), "a newer plugin minor must be refused (011)");
   ctx.expect(!compatible(base, {2, 0, 0}), "a newer plugin major must be refused (010)");
   ctx.expect(!compatible(base, {0, 9, 0}), "an older plugin major must be refused (010)");
   char why[64];
   ctx.expect(pmat_abi_compatible(base, {1, 3, 0}, why, sizeof why) == 0 &&
                  std::string(why).find("upgrade") != std::string::npos,
              "a refusal must say what to do (011)");
   char tiny[1] = {'x'};
   pmat_abi_compatible(base, {2, 0, 0}, tiny, sizeof tiny);
   ctx.expect(tiny[0] == '\0', "the explanation must respect why_capacity");
}

void test_major(TestContext &ctx) {
   PluginSession s(ctx);
   const auto v = s.entry().abi_version;
   char why[256] = {};
   const bool ok = v.major == PMAT_PLUGIN_ABI_MAJOR;
   if (!ok)
      pmat_abi_compatible(pmat_abi_version_compiled(), v, why, sizeof why);
   ctx.expect(ok, "the plugin was built for ABI " + text(v) + ", this host speaks " +
                      PMAT_PLUGIN_ABI_VERSION_STRING + ": " + why);
}

void test_minor(TestContext &ctx) {
   PluginSession s(ctx);
   const auto v = s.entry().abi_version;
   ctx.require(v.major == PMAT_PLUGIN_ABI_MAJOR, "major differs; see abi-major-matches");
   char why[256] = {};
   ctx.expect(pmat_abi_compatible(pmat_abi_version_compiled(), v, why, sizeof why) == 1,
              "the plugin needs ABI " + text(v) + ", newer than this host's " +
                  PMAT_PLUGIN_ABI_VERSION_STRING + ": " + why);
}

void expect_init_ok(TestContext &ctx, PluginSession &s, pmat_abi_version v, std::uint32_t extra) {
   const pmat_status st = s.init_with(SuiteHost::instance().prepare(v, extra));
   ctx.expect(st == PMAT_STATUS_OK, "init with a host at ABI " + text(v) + " (struct_size +" +
                                        std::to_string(extra) + ") returned " + status_text(st) +
                                        ": " + s.last_error());
   s.deinit();
}

void test_accepts_current(TestContext &ctx) {
   PluginSession s(ctx);
   const auto v = s.entry().abi_version;
   expect_init_ok(ctx, s, pmat_abi_version_compiled(), 0);
   expect_init_ok(ctx, s, {v.major, v.minor, v.patch + 57}, 0);
}

void test_accepts_newer_host(TestContext &ctx) {
   PluginSession s(ctx);
   const auto v = s.entry().abi_version;
   // A newer host appends members; the plugin must only read what it knows (PMAT-ABI-003).
   expect_init_ok(ctx, s, {v.major, v.minor + 1, 0}, 32);
}

void expect_refusal(TestContext &ctx, PluginSession &s, pmat_abi_version host) {
   const std::size_t threads = thread_count();
   const pmat_status st = s.init_with(SuiteHost::instance().prepare(host));
   const std::string who = "init with a host at ABI " + text(host);
   if (st == PMAT_STATUS_OK) {
      s.deinit();
      ctx.fail(who + " succeeded; PMAT-ABI-014 requires PMAT_STATUS_UNSUPPORTED");
      return;
   }
   ctx.expect(st == PMAT_STATUS_UNSUPPORTED,
              who + " returned " + status_text(st) + ", expected PMAT_STATUS_UNSUPPORTED");
   expect_last_error_sane(ctx, s, "a refused init", true);
   ctx.expect(settle_thread_count(threads, 200) <= threads,
              who + " failed but left threads running (PMAT-ABI-100)");
   ctx.note(who + " refused: " + s.last_error());
}

void test_refuses_other_major(TestContext &ctx) {
   PluginSession s(ctx);
   const auto v = s.entry().abi_version;
   expect_refusal(ctx, s, {v.major + 1, 0, 0});
   if (v.major > 0)
      expect_refusal(ctx, s, {v.major - 1, 99, 0});
   // Nothing may run after a refusal (PMAT-ABI-100); late host calls are recorded as violations.
   std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

void test_refuses_older_minor(TestContext &ctx) {
   PluginSession s(ctx);
   const auto v = s.entry().abi_version;
   if (v.minor == 0)
      ctx.skip("the plugin's ABI minor is 0: no older host minor exists");
   expect_refusal(ctx, s, {v.major, v.minor - 1, 0});
}

void test_null_host(TestContext &ctx) {
   PluginSession s(ctx);
   const pmat_status st = s.init_with(nullptr);
   if (st == PMAT_STATUS_OK)
      s.deinit();
   expect_known_status(ctx, st, "init(NULL)");
   ctx.expect(st != PMAT_STATUS_OK, "init(NULL) returned OK; there is no host to use");
}

} // namespace

void add_negotiation_tests(std::vector<TestCase> &out) {
   out.insert(
       out.end(),
       {
           {"abi-helper-rules", "negotiation", "PMAT-ABI-010..013", 1,
            "pmat_abi_compatible from plugin_api.h applies the major/minor/patch rules.",
            test_helper_rules},
           {"abi-major-matches", "negotiation", "PMAT-ABI-010", 1,
            "The plugin's ABI major equals the host's.", test_major},
           {"abi-minor-not-newer", "negotiation", "PMAT-ABI-011, PMAT-ABI-013", 1,
            "The plugin's ABI minor is not newer than the host's (the patch is ignored).",
            test_minor},
           {"init-accepts-current-host", "negotiation", "PMAT-ABI-012, PMAT-ABI-013", 2,
            "init accepts a host of the same ABI, and one differing only in patch.",
            test_accepts_current},
           {"init-accepts-newer-host", "negotiation", "PMAT-ABI-012, PMAT-ABI-003", 2,
            "init accepts a host with a newer minor and a larger pmat_host struct.",
            test_accepts_newer_host},
           {"init-refuses-other-major", "negotiation", "PMAT-ABI-014, PMAT-ABI-100", 2,
            "init refuses hosts of another major with UNSUPPORTED and leaves nothing running.",
            test_refuses_other_major},
           {"init-refuses-older-minor", "negotiation", "PMAT-ABI-014", 2,
            "init refuses a host whose minor is older than the plugin's with UNSUPPORTED.",
            test_refuses_older_minor},
           {"init-null-host", "negotiation", "PMAT-ABI-021 (init(NULL) is unspecified)", 2,
            "init(NULL) fails with a listed status instead of crashing.", test_null_host},
       });
}

} // namespace pmat::conformance
