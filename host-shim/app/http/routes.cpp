// SPDX-License-Identifier: MIT
#include "routes.hpp"

#include "console/page.hpp"
#include "request_body.hpp"

#include <core/analysis.hpp>
#include <core/analyze_change.hpp>
#include <core/api_error.hpp>

#include <report/report.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace pmat::serve {
namespace {

using app::ApiError;

constexpr std::string_view k_prometheus_type = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view k_openmetrics_type =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";

// Runs a handler body and turns its ApiError into the matching JSON error response.
template <typename F> HttpResponse guarded(F &&body) {
   try {
      return body();
   } catch (const ApiError &e) {
      return error_response(e.http_status, e.code, e.what());
   }
}

boost::json::object parse_object(const std::string &text) {
   boost::json::value value = boost::json::parse(text);
   return value.is_object() ? std::move(value.as_object()) : boost::json::object{};
}

bool wants_openmetrics(const std::string &accept) {
   return accept.find("application/openmetrics-text") != std::string::npos;
}

// The shim renders "# EOF" last in OpenMetrics; the server's families go before it.
std::string append_families(std::string text, const std::string &families, bool openmetrics) {
   constexpr std::string_view k_eof = "# EOF\n";
   if (openmetrics && text.size() >= k_eof.size() &&
       text.compare(text.size() - k_eof.size(), k_eof.size(), k_eof) == 0)
      text.resize(text.size() - k_eof.size());
   text += families;
   if (openmetrics)
      text += k_eof;
   return text;
}

HttpResponse metrics(const ServiceContext &context, const Router &router,
                     const HttpRequest &request) {
   const bool openmetrics = wants_openmetrics(request.accept);
   const auto format = openmetrics ? PMAT_METRICS_OPENMETRICS : PMAT_METRICS_PROMETHEUS_TEXT;
   HttpResponse response;
   response.content_type = openmetrics ? k_openmetrics_type : k_prometheus_type;
   response.body = append_families(context.session.metrics(format).text_or_throw(),
                                   context.stats.exposition(openmetrics) +
                                       admission_exposition(router.admission(), openmetrics),
                                   openmetrics);
   return response;
}

// The admission's limits, occupancy and waits, for the status endpoint and page.
boost::json::object admission_json(const Admission &admission) {
   const Admission::Snapshot s = admission.snapshot();
   const Admission::Limits &limits = admission.limits();
   boost::json::array buckets;
   std::uint64_t cumulative = 0;
   for (std::size_t i = 0; i <= Admission::k_wait_buckets; ++i) {
      cumulative += s.wait_buckets[i];
      buckets.push_back({i < Admission::k_wait_buckets
                             ? boost::json::value(Admission::k_wait_bounds_seconds[i])
                             : boost::json::value("+Inf"),
                         cumulative});
   }
   return {{"slots", limits.slots},
           {"slots_busy", s.busy},
           {"queue_limit", limits.queue},
           {"queue_timeout_ms", limits.queue_timeout.count()},
           {"queue_depth", s.queued},
           {"queue_depth_max", s.queued_max},
           {"admitted_total", s.admitted},
           {"waited_total", s.waited},
           {"wait_seconds",
            {{"buckets", std::move(buckets)}, {"sum", s.wait_seconds_sum}, {"count", cumulative}}}};
}

HttpResponse metrics_json(const ServiceContext &context) {
   boost::json::object out{
       {"plugin", parse_object(context.session.metrics(PMAT_METRICS_JSON).text_or_throw())},
       {"server", context.stats.to_json()}};
   return json_response(200, boost::json::serialize(out));
}

boost::json::object status_object(const ServiceContext &context, const Router &router) {
   boost::json::object out = parse_object(context.session.status().text_or_throw());
   boost::json::object server = context.stats.to_json();
   server["draining"] = context.draining.load();
   server["max_concurrency"] = router.admission().limits().slots;
   server["work_in_flight"] = router.admission().snapshot().busy;
   server["admission"] = admission_json(router.admission());
   server["max_body_bytes"] = context.max_body;
   boost::json::array roots, admin;
   for (const auto &root : context.roots.roots())
      roots.push_back(boost::json::value(root.string()));
   for (const auto &path : router.admin_paths())
      admin.push_back(boost::json::value(path));
   server["allowed_roots"] = std::move(roots);
   server["admin_routes"] = std::move(admin);
   out["server"] = std::move(server);
   return out;
}

HttpResponse status(const ServiceContext &context, const Router &router) {
   return json_response(200, boost::json::serialize(status_object(context, router)));
}

HttpResponse readiness(const ServiceContext &context) {
   if (context.draining.load())
      return error_response(503, "draining", "the server is shutting down");
   const boost::json::object status = parse_object(context.session.status().text_or_throw());
   const auto *generation = status.if_contains("generation");
   if (!generation || !generation->is_object())
      return error_response(503, "no_generation", "no plugin generation is serving");
   return json_response(200, boost::json::serialize(boost::json::object{
                                 {"ready", true}, {"generation", *generation}}));
}

// A diff's review: pmat's report of the changed files, the gate counting the changed lines.
HttpResponse analyze_diff(const ServiceContext &context, const boost::json::object &body) {
   const std::atomic<bool> never_cancelled{false};
   const auto review =
       app::review_diff(context.session, diff_request_from_json(body), nullptr, never_cancelled);
   return json_response(200, report::json_report_text(review.outcomes, review.options));
}

HttpResponse analyze_route(const ServiceContext &context, const HttpRequest &request) {
   return guarded([&] {
      const boost::json::object body = parse_json_object(request.body);
      if (is_diff_request(body))
         return analyze_diff(context, body);
      app::AnalyzeRequest input = analyze_request_from_json(body);
      auto gated = app::analyze_with_gate(context.session, context.roots, context.max_body,
                                          std::move(input));
      return json_response(200, std::move(gated.text));
   });
}

HttpResponse reload(const ServiceContext &context) {
   const std::string refusal = context.session.reload();
   if (!refusal.empty())
      return error_response(422, "reload_refused", refusal + " (the previous build keeps serving)");
   const boost::json::object status = parse_object(context.session.status().text_or_throw());
   return json_response(200, boost::json::serialize(boost::json::object{
                                 {"reloaded", true}, {"generation", status.at("generation")}}));
}

// The operator's console: the whole page, or (`live_only`) the sections its script re-fetches.
HttpResponse console_page(const ServiceContext &context, const Router &router, bool live_only) {
   const auto state = context.console.gather(status_object(context, router));
   HttpResponse response;
   response.content_type = "text/html; charset=utf-8";
   response.body = live_only ? console::render_live(state) : console::render_page(state);
   response.headers.emplace_back("Content-Security-Policy",
                                 "default-src 'none'; style-src 'unsafe-inline'; script-src "
                                 "'unsafe-inline'; connect-src 'self'; img-src data:");
   return response;
}

// Maps a refused operator command to an HTTP answer.
HttpResponse control_refusal(pmat_status status, const std::string &message) {
   if (status == PMAT_STATUS_INVALID_ARGUMENT)
      return error_response(400, "invalid_command", message);
   if (status == PMAT_STATUS_UNSUPPORTED)
      return error_response(501, "unsupported", message);
   return error_response(500, "control_failed", message);
}

// An admin route that forwards one pmat.control/1 command to the serving plugin. `shape` turns
// the request body (a JSON object, possibly empty) into the command.
Handler control_route(const ServiceContext &context,
                      boost::json::object (*shape)(const boost::json::object &body)) {
   const ServiceContext *c = &context;
   return [c, shape](const HttpRequest &request) {
      return guarded([&] {
         const boost::json::object body =
             request.body.empty() ? boost::json::object{} : parse_json_object(request.body);
         const app::ShimReply reply = c->session.control(boost::json::serialize(shape(body)));
         if (!reply.ok())
            return control_refusal(reply.status, reply.error);
         return json_response(200, reply.text);
      });
   };
}

boost::json::object kill_switch_command(const boost::json::object &body) {
   boost::json::object command = body;
   command["command"] = "kill_switch";
   return command;
}

boost::json::object flags_command(const boost::json::object &body) {
   return {{"command", "set_flags"}, {"flags", body.contains("flags") ? body.at("flags") : body}};
}

boost::json::object clear_cache_command(const boost::json::object &) {
   return {{"command", "clear_cache"}};
}

boost::json::object fleet_command(const boost::json::object &) {
   return {{"command", "fleet"}};
}

boost::json::object clear_rollback_command(const boost::json::object &) {
   return {{"command", "clear_rollback"}};
}

} // namespace

void install_routes(Router &router, const ServiceContext &context) {
   const ServiceContext *c = &context;
   const Router *r = &router;
   // Work, not open: a rendering may wait on the flags source (Redis, 700 ms at worst when it is
   // away), which must not hold an I/O thread.
   router.work("GET", "/", [c, r](const HttpRequest &) { return console_page(*c, *r, false); });
   router.work("GET", "/console/live",
               [c, r](const HttpRequest &) { return console_page(*c, *r, true); });
   router.open("GET", "/healthz",
               [](const HttpRequest &) { return json_response(200, R"({"status":"ok"})"); });
   router.open("GET", "/readyz", [c](const HttpRequest &) { return readiness(*c); });
   router.open("GET", "/metrics", [c, r](const HttpRequest &q) { return metrics(*c, *r, q); });
   router.open("GET", "/v1/metrics.json", [c](const HttpRequest &) { return metrics_json(*c); });
   router.open("GET", "/v1/status", [c, r](const HttpRequest &) { return status(*c, *r); });
   // Work: the fleet table is read from the flags source (Redis), like the console's.
   router.work("GET", "/v1/fleet", control_route(context, fleet_command));
   router.work("POST", "/v1/analyze", [c](const HttpRequest &q) { return analyze_route(*c, q); });
   router.admin("POST", "/v1/admin/reload", [c](const HttpRequest &) { return reload(*c); });
   router.admin("POST", "/v1/admin/kill-switch", control_route(context, kill_switch_command));
   router.admin("POST", "/v1/admin/flags", control_route(context, flags_command));
   router.admin("POST", "/v1/admin/cache/clear", control_route(context, clear_cache_command));
   router.admin("POST", "/v1/admin/rollback/clear", control_route(context, clear_rollback_command));
}

} // namespace pmat::serve
