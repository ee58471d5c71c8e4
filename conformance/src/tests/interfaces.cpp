// SPDX-License-Identifier: MIT
// Interfaces: get_interface resolves the known ids to sane structs and nothing else.
#include "checks.hpp"
#include "test_case.hpp"

namespace pmat::conformance {

namespace {

// A struct this large is a corrupted struct_size, not a future revision.
constexpr std::uint32_t k_absurd_struct_size = 64 * 1024;

template <typename T> bool expect_sane_size(TestContext &ctx, const T *iface, const char *id) {
   const std::string name(id);
   if (!ctx.expect(iface->struct_size >= sizeof(T),
                   name + " struct_size " + std::to_string(iface->struct_size) +
                       " is smaller than the v1 struct (" + std::to_string(sizeof(T)) + ")"))
      return false;
   return ctx.expect(iface->struct_size < k_absurd_struct_size,
                     name + " struct_size " + std::to_string(iface->struct_size) + " is absurd");
}

void check_analyzer(TestContext &ctx, const PluginSession &s, const char *when) {
   const auto *a = static_cast<const pmat_analyzer *>(s.interface(PMAT_ANALYZER_INTERFACE_ID));
   const std::string where = std::string(" (") + when + ")";
   if (!ctx.expect(a != nullptr, "pmat.analyzer/1 is required but get_interface returned NULL" +
                                     where + " (PMAT-ABI-051)"))
      return;
   if (expect_sane_size(ctx, a, PMAT_ANALYZER_INTERFACE_ID))
      ctx.expect(complete(a), "pmat.analyzer/1 has a NULL analyze or release" + where);
   ctx.expect(s.interface(PMAT_ANALYZER_INTERFACE_ID) == a,
              "get_interface returned a different struct on the second call" + where);
}

void test_analyzer(TestContext &ctx) {
   PluginSession s(ctx);
   check_analyzer(ctx, s, "before init"); // allowed before init (entry docs)
   s.init();
   check_analyzer(ctx, s, "after init");
}

void test_unknown(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   const std::string long_id = "pmat.analyzer/1" + std::string(64 * 1024, '1');
   const char *const ids[] = {"",
                              "pmat.analyzer/1x",
                              "pmat.analyzer/1 ",
                              "pmat.analyzer/10",
                              "pmat.analyzer/2",
                              "pmat.analyzer/",
                              "pmat.analyzer",
                              "PMAT.ANALYZER/1",
                              " pmat.analyzer/1",
                              "pmat.analyzer/1\n",
                              "pmat.nonexistent/1",
                              "pmat.analyzer/1\xff",
                              "pmat.cache/1x",
                              "pmat.metrics/1/",
                              "pmat.state/0",
                              long_id.c_str()};
   ctx.expect(s.interface(nullptr) == nullptr, "get_interface(NULL) did not return NULL");
   for (const char *id : ids)
      ctx.expect(s.interface(id) == nullptr,
                 "get_interface(\"" + std::string(id).substr(0, 40) + "\") did not return NULL");
}

template <typename T>
void check_optional(TestContext &ctx, const PluginSession &s, const char *id) {
   const auto *iface = static_cast<const T *>(s.interface(id));
   if (iface == nullptr) {
      ctx.note(std::string(id) + ": not provided");
      return;
   }
   ctx.note(std::string(id) + ": provided, struct_size " + std::to_string(iface->struct_size));
   if (expect_sane_size(ctx, iface, id))
      ctx.expect(complete(iface), std::string(id) + " has a NULL function pointer");
}

void test_optional(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   check_optional<pmat_cache>(ctx, s, PMAT_CACHE_INTERFACE_ID);
   check_optional<pmat_metrics>(ctx, s, PMAT_METRICS_INTERFACE_ID);
   check_optional<pmat_state>(ctx, s, PMAT_STATE_INTERFACE_ID);
}

} // namespace

void add_interface_tests(std::vector<TestCase> &out) {
   out.insert(out.end(),
              {
                  {"analyzer-interface-valid", "interfaces", "PMAT-ABI-051, PMAT-ABI-003", 2,
                   "pmat.analyzer/1 resolves before and after init to a stable, sanely sized "
                   "struct with non-NULL functions.",
                   test_analyzer},
                  {"unknown-interfaces-null", "interfaces", "PMAT-ABI-050", 2,
                   "get_interface returns NULL for NULL, unknown ids and known ids with extra "
                   "characters.",
                   test_unknown},
                  {"optional-interfaces-valid", "interfaces", "PMAT-ABI-003", 2,
                   "pmat.cache/1, pmat.metrics/1 and pmat.state/1, when provided, are sanely "
                   "sized with non-NULL functions.",
                   test_optional},
              });
}

} // namespace pmat::conformance
