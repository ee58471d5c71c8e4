// SPDX-License-Identifier: MIT
// Failure paths: status codes, last-error, zeroed-buffer releases and exception barriers.
#include "inputs.hpp"
#include "test_case.hpp"
#include "utf8.hpp"

#include <cstring>
#include <exception>
#include <functional>
#include <thread>

namespace pmat::conformance {

namespace {

struct Provocation {
   std::string label;
   std::function<CallResult()> call;
};

// Calls that a correct plugin answers with a failure (or a skipped-file result), one per
// function of every interface the plugin provides.
std::vector<Provocation> provocations(TestContext &ctx, const PluginSession &s) {
   std::vector<Provocation> out;
   auto add_analyze = [&](std::string label, std::string content, const char *language,
                          const char *options) {
      out.push_back({label, [&ctx, &s, label, content, language, options] {
                        const auto req = make_request(content, nullptr, language, options);
                        return analyze(ctx, s, &req, label);
                     }});
   };
   out.push_back({"analyze(NULL)", [&] { return analyze(ctx, s, nullptr, "analyze(NULL)"); }});
   add_analyze("analyze(options '{not json')", sample_source(), nullptr, "{not json");
   add_analyze("analyze(language 'cobol-85')", sample_source(), "cobol-85", nullptr);
   add_analyze("analyze(invalid UTF-8)", "\xff\xfe\xfd", nullptr, nullptr);
   if (const auto *m = s.metrics())
      out.push_back({"metrics.render(format 3)", [&ctx, &s, m] {
                        return call_buffer(ctx, s, "metrics.render(3)", m->release,
                                           [m](pmat_plugin_buffer *b) {
                                              return m->render(pmat_metrics_format(3), b);
                                           });
                     }});
   if (const auto *st = s.state())
      out.push_back(
          {"state.import_state(garbage)", [st] {
              const char garbage[] = "definitely not a state blob";
              return CallResult{
                  st->import_state(reinterpret_cast<const std::uint8_t *>(garbage), sizeof garbage),
                  {}};
           }});
   if (const auto *c = s.cache())
      out.push_back({"cache.get(NULL key)", [&ctx, &s, c] {
                        return call_buffer(
                            ctx, s, "cache.get(NULL key)", c->release,
                            [c](pmat_plugin_buffer *b) { return c->get(nullptr, 4, b); });
                     }});
   return out;
}

void test_status_codes(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   for (const auto &p : provocations(ctx, s)) {
      const CallResult r = p.call();
      expect_known_status(ctx, r.status, p.label);
      ctx.note(p.label + " -> " + status_text(r.status));
   }
}

void test_no_exceptions(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   for (const auto &p : provocations(ctx, s)) {
      try {
         p.call();
      } catch (const AbortTest &) {
         throw; // the suite's own control flow, not the plugin's exception
      } catch (const std::exception &e) {
         ctx.fail(p.label + " let a C++ exception cross the ABI boundary: " + e.what());
      } catch (...) {
         ctx.fail(p.label + " let a foreign exception cross the ABI boundary");
      }
   }
}

std::string last_error_on_new_thread(const PluginSession &s) {
   std::string seen;
   std::thread([&] {
      const char *text = s.entry().last_error();
      seen = text == nullptr ? "(NULL)" : std::string(text, strnlen(text, PMAT_LAST_ERROR_MAX));
   }).join();
   return seen;
}

void test_last_error(TestContext &ctx) {
   PluginSession s(ctx);
   expect_last_error_sane(ctx, s, "loading (no call yet)", false);
   s.init();
   for (const auto &p : provocations(ctx, s)) {
      const CallResult r = p.call();
      expect_last_error_sane(ctx, s, p.label, !r.ok());
   }
   // The message belongs to the thread whose call failed ("or \"\" if none").
   const std::string other = last_error_on_new_thread(s);
   ctx.expect(other.empty(), "a thread that made no call sees last_error \"" +
                                 printable(other.substr(0, 80)) + "\" instead of \"\"");
}

void test_release_zeroed(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   std::vector<std::pair<std::string, ReleaseFn>> releases{{"analyzer", s.analyzer().release}};
   if (const auto *c = s.cache())
      releases.emplace_back("cache", c->release);
   if (const auto *m = s.metrics())
      releases.emplace_back("metrics", m->release);
   if (const auto *st = s.state())
      releases.emplace_back("state", st->release);
   for (const auto &[name, release] : releases) {
      pmat_plugin_buffer zeroed{};
      release(&zeroed);
      release(nullptr);
      ctx.expect(zeroed.data == nullptr && zeroed.size == 0,
                 name + ".release changed a zeroed buffer");
   }
   ctx.note(std::to_string(releases.size()) + " release functions called with zeroed and NULL "
                                              "buffers");
}

} // namespace

void add_error_tests(std::vector<TestCase> &out) {
   out.insert(
       out.end(),
       {
           {"status-codes-known", "errors", "PMAT-ABI-021", 2,
            "Failing calls on every interface return only statuses pmat_status_name knows.",
            test_status_codes},
           {"last-error-bounded", "errors", "PMAT-ABI-022", 2,
            "last_error is never NULL, is shorter than PMAT_LAST_ERROR_MAX, explains each "
            "failure and is per thread.",
            test_last_error},
           {"release-zeroed-noop", "errors", "PMAT-ABI-031", 2,
            "Every release function accepts NULL and a zeroed buffer as no-ops.",
            test_release_zeroed},
           {"no-exception-escapes", "errors", "PMAT-ABI-002", 2,
            "No failing call lets a C++ exception unwind into the host.", test_no_exceptions},
       });
}

} // namespace pmat::conformance
