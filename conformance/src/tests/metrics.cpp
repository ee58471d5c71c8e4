// SPDX-License-Identifier: MIT
// Metrics: every exposition format parses (PMAT-ABI-070) and unknown formats are refused.
#include "checks.hpp"
#include "exposition.hpp"
#include "inputs.hpp"
#include "test_case.hpp"

namespace pmat::conformance {

namespace {

const pmat_metrics &metrics_or_skip(TestContext &ctx, const PluginSession &s) {
   const pmat_metrics *m = s.metrics();
   if (m == nullptr)
      ctx.skip("the plugin does not provide pmat.metrics/1");
   return *m;
}

// Some traffic first, so counters and histograms have samples to render.
void warm_up(TestContext &ctx, const PluginSession &s) {
   const std::string src = sample_source();
   const auto good = make_request(src);
   const auto bad = make_request(src, nullptr, nullptr, "{not json");
   for (int i = 0; i < 5; ++i)
      analyze(ctx, s, i == 4 ? &bad : &good, "analyze");
}

CallResult render(TestContext &ctx, const PluginSession &s, pmat_metrics_format format,
                  const std::string &call) {
   const pmat_metrics &m = metrics_or_skip(ctx, s);
   return call_buffer(ctx, s, call, m.release,
                      [&m, format](pmat_plugin_buffer *b) { return m.render(format, b); });
}

void report_problems(TestContext &ctx, const std::string &what,
                     const std::vector<ExpositionProblem> &problems) {
   for (const auto &p : problems)
      ctx.fail(what + (p.line ? " line " + std::to_string(p.line) : std::string()) + ": " +
               p.message);
}

void test_prometheus(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   warm_up(ctx, s);
   const auto r = render(ctx, s, PMAT_METRICS_PROMETHEUS_TEXT, "render(PROMETHEUS_TEXT)");
   ctx.require(r.ok(), "render(PROMETHEUS_TEXT) returned " + status_text(r.status));
   report_problems(ctx, "Prometheus text",
                   check_exposition(r.body, ExpositionFormat::Prometheus004));
   ctx.note(std::to_string(r.body.size()) + " bytes of Prometheus text");
}

void test_openmetrics(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   warm_up(ctx, s);
   const auto r = render(ctx, s, PMAT_METRICS_OPENMETRICS, "render(OPENMETRICS)");
   if (r.status == PMAT_STATUS_UNSUPPORTED)
      ctx.skip("render(OPENMETRICS) is UNSUPPORTED by this plugin");
   ctx.require(r.ok(), "render(OPENMETRICS) returned " + status_text(r.status));
   report_problems(ctx, "OpenMetrics", check_exposition(r.body, ExpositionFormat::OpenMetrics100));
}

void test_json(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   warm_up(ctx, s);
   const auto r = render(ctx, s, PMAT_METRICS_JSON, "render(JSON)");
   expect_json_object(ctx, r, "render(JSON)");
   ctx.note("JSON snapshot: " + r.body.substr(0, 200));
}

void test_unknown_format(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   const auto r = render(ctx, s, pmat_metrics_format(3), "render(3)");
   ctx.expect(r.status == PMAT_STATUS_UNSUPPORTED,
              "render(3) returned " + status_text(r.status) + ", expected UNSUPPORTED");
   const pmat_metrics &m = metrics_or_skip(ctx, s);
   const pmat_status st = m.render(PMAT_METRICS_JSON, nullptr);
   expect_known_status(ctx, st, "render(JSON, NULL)");
   ctx.expect(st != PMAT_STATUS_OK, "render(JSON, NULL) returned OK");
}

} // namespace

void add_metrics_tests(std::vector<TestCase> &out) {
   out.insert(
       out.end(),
       {
           {"metrics-prometheus-valid", "metrics", "PMAT-ABI-070", 2,
            "The Prometheus 0.0.4 text exposition parses and passes promtool's lint "
            "rules (HELP, _total, snake_case, histogram buckets).",
            test_prometheus},
           {"metrics-openmetrics-valid", "metrics", "PMAT-ABI-070", 2,
            "The OpenMetrics 1.0 exposition, when supported, parses and ends with # EOF.",
            test_openmetrics},
           {"metrics-json-valid", "metrics", "PMAT_METRICS_JSON (no id)", 2,
            "The JSON snapshot is a JSON object (Boost.JSON).", test_json},
           {"metrics-unknown-format", "metrics", "pmat_metrics.render (no id)", 2,
            "An unknown format is UNSUPPORTED and a NULL output is refused.", test_unknown_format},
       });
}

} // namespace pmat::conformance
