// SPDX-License-Identifier: MIT
// State hand-off: export/import between two generations, and blobs that must be refused.
#include "inputs.hpp"
#include "test_case.hpp"

#include <filesystem>
#include <unistd.h>

namespace pmat::conformance {

namespace {

namespace fs = std::filesystem;

// A copy of the plugin under another path: dlopen of the same path would return the already
// loaded generation, exactly as a host's hot reload must avoid.
class PluginCopy {
 public:
   explicit PluginCopy(TestContext &ctx) {
      // mkdtemp's template: six trailing X characters it replaces.
      std::string dir = "/tmp/pmat-conformance-" + std::string(6, 'X');
      ctx.require(::mkdtemp(dir.data()) != nullptr, "cannot create a temporary directory");
      dir_ = dir;
      path_ = dir_ / "next-generation.so";
      std::error_code ec;
      fs::copy_file(ctx.options().plugin, path_, ec);
      ctx.require(!ec, "cannot copy the plugin: " + ec.message());
   }
   ~PluginCopy() {
      std::error_code ec;
      fs::remove_all(dir_, ec);
   }
   PluginCopy(const PluginCopy &) = delete;
   PluginCopy &operator=(const PluginCopy &) = delete;
   std::string path() const { return path_.string(); }

 private:
   fs::path dir_;
   fs::path path_;
};

const pmat_state &state_or_skip(TestContext &ctx, const PluginSession &s) {
   const pmat_state *st = s.state();
   if (st == nullptr)
      ctx.skip("the plugin does not provide pmat.state/1");
   return *st;
}

std::string export_blob(TestContext &ctx, const PluginSession &s, const std::string &who) {
   const pmat_state &st = state_or_skip(ctx, s);
   const auto r = call_buffer(ctx, s, who + " export_state", st.release,
                              [&st](pmat_plugin_buffer *b) { return st.export_state(b); });
   ctx.require(r.ok(), who + " export_state returned " + status_text(r.status));
   ctx.expect(!r.body.empty(), who + " export_state returned an empty blob");
   return r.body;
}

pmat_status import_blob(const PluginSession &s, std::string_view blob) {
   return s.state()->import_state(reinterpret_cast<const std::uint8_t *>(blob.data()), blob.size());
}

void analyze_ok(TestContext &ctx, const PluginSession &s, const std::string &who) {
   const std::string src = sample_source();
   const auto req = make_request(src);
   expect_json_object(ctx, analyze(ctx, s, &req, who + " analyze"), who + " analyze");
}

void test_round_trip(TestContext &ctx) {
   PluginSession old_gen(ctx);
   old_gen.init();
   state_or_skip(ctx, old_gen);
   for (int i = 0; i < 3; ++i)
      analyze_ok(ctx, old_gen, "old generation");
   const std::string blob = export_blob(ctx, old_gen, "old generation");
   ctx.note("state blob: " + std::to_string(blob.size()) + " bytes");
   PluginCopy copy(ctx);
   PluginSession new_gen(ctx, copy.path());
   new_gen.init();
   const pmat_status st = import_blob(new_gen, blob);
   ctx.expect(st == PMAT_STATUS_OK, "the next generation refused the previous one's blob: " +
                                        status_text(st) + ": " + new_gen.last_error());
   old_gen.close(); // the old generation retires while the new one serves
   analyze_ok(ctx, new_gen, "new generation");
   export_blob(ctx, new_gen, "new generation");
}

std::vector<std::pair<std::string, std::string>> bad_blobs(TestContext &ctx,
                                                           const std::string &good) {
   std::vector<std::pair<std::string, std::string>> out{{"an empty blob", ""}};
   const std::size_t step = good.size() <= 256 ? 1 : good.size() / 64;
   for (std::size_t n = 1; n < good.size(); n += step)
      out.emplace_back("the valid blob truncated to " + std::to_string(n) + " bytes",
                       good.substr(0, n));
   if (good.size() > 1)
      out.emplace_back("the valid blob minus its last byte", good.substr(0, good.size() - 1));
   const int garbage = scaled(ctx, 8, 16, 500);
   for (int i = 0; i < garbage; ++i)
      out.emplace_back("seeded garbage #" + std::to_string(i),
                       random_bytes(ctx.rng(), 1 + ctx.rng()() % 4096));
   return out;
}

void expect_refused(TestContext &ctx, const PluginSession &s, const std::string &label,
                    pmat_status st) {
   ctx.expect(st == PMAT_STATUS_UNSUPPORTED || st == PMAT_STATUS_INVALID_ARGUMENT,
              "import_state(" + label + ") returned " + status_text(st) +
                  ", expected UNSUPPORTED or INVALID_ARGUMENT (PMAT-ABI-080)");
   if (st != PMAT_STATUS_OK)
      expect_last_error_sane(ctx, s, "import_state(" + label + ")", true);
}

void test_bad_blobs(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   const std::string good = export_blob(ctx, s, "cold start");
   expect_refused(ctx, s, "NULL, 0", s.state()->import_state(nullptr, 0));
   const auto blobs = bad_blobs(ctx, good);
   for (const auto &[label, blob] : blobs)
      expect_refused(ctx, s, label, import_blob(s, blob));
   ctx.note(std::to_string(blobs.size() + 1) + " bad blobs offered");
   // Refusals leave the clean cold-start state: a valid blob still imports and calls work.
   ctx.expect(import_blob(s, good) == PMAT_STATUS_OK,
              "after the refusals, the valid blob is refused too: " + s.last_error());
   analyze_ok(ctx, s, "after the refusals,");
}

} // namespace

void add_state_tests(std::vector<TestCase> &out) {
   out.insert(out.end(),
              {
                  {"state-round-trip", "state", "PMAT-ABI-080", 2,
                   "A blob exported by one generation imports into the next (a copy loaded side "
                   "by side), which then serves.",
                   test_round_trip},
                  {"state-rejects-bad-blobs", "state", "PMAT-ABI-080", 2,
                   "Empty, truncated and seeded garbage blobs are refused cleanly and the plugin "
                   "stays usable.",
                   test_bad_blobs},
              });
}

} // namespace pmat::conformance
