// SPDX-License-Identifier: MIT
// --check-api: runs pmat-api-probe (api_probe_main.cpp: the request itself, over TLS, in a
// program of its own so that pmat-host never maps OpenSSL) and judges its answer.
#include "claude_check.hpp"

#include "endpoint.hpp"
#include "process.hpp"
#include "settings.hpp"

#include <boost/json/parse.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pmat::doctor {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// The probe's own deadline is 10 s; this one only catches a probe that hangs anyway.
constexpr auto k_probe_timeout = std::chrono::seconds(15);

struct Answer {
   int status = 0;
   std::string body;
   std::string error;
};

// Where pmat-api-probe is: beside this pmat-host (a build tree's bin/), in the libexec directory
// of the prefix this pmat-host is installed under, or where this build installs it.
std::vector<fs::path> probe_candidates() {
   std::vector<fs::path> out;
   std::error_code ec;
   const fs::path self = fs::read_symlink("/proc/self/exe", ec);
   if (!ec) {
      out.push_back(self.parent_path() / "pmat-api-probe");
      out.push_back(self.parent_path().parent_path() / "libexec" / "pmat" / "pmat-api-probe");
   }
   out.emplace_back(PMAT_DOCTOR_INSTALL_API_PROBE);
   return out;
}

std::optional<fs::path> find_probe() {
   for (const auto &candidate : probe_candidates())
      if (::access(candidate.c_str(), X_OK) == 0)
         return candidate;
   return std::nullopt;
}

// The probe's JSON line read into an Answer; a missing or mistyped member reads as empty.
Answer answer_of(const json::object &line) {
   Answer answer;
   if (const auto *status = line.if_contains("status"); status && status->is_int64())
      answer.status = static_cast<int>(status->as_int64());
   if (const auto *body = line.if_contains("body"); body && body->is_string())
      answer.body = body->as_string();
   if (const auto *error = line.if_contains("error"); error && error->is_string())
      answer.error = error->as_string();
   return answer;
}

Answer ask_probe(const fs::path &probe, const Endpoint &endpoint, const std::string &model) {
   const ProcessResult run =
       run_process({probe.string(), endpoint.base_url, model},
                   std::chrono::duration_cast<std::chrono::milliseconds>(k_probe_timeout));
   Answer failed;
   if (!run.started) {
      failed.error = "cannot start " + probe.string() + ": " + run.error;
      return failed;
   }
   if (run.timed_out) {
      failed.error = probe.string() + " gave no answer within " +
                     std::to_string(k_probe_timeout.count()) + " s";
      return failed;
   }
   boost::system::error_code ec;
   const auto value = run.exit_code == 0 ? json::parse(run.out, ec) : json::value();
   if (ec || !value.is_object()) {
      failed.error = probe.string() + " failed: " + (run.err.empty() ? run.out : run.err);
      return failed;
   }
   return answer_of(value.as_object());
}

// The API's error message ("invalid x-api-key"), or the start of the body.
std::string error_message(const std::string &body) {
   boost::system::error_code ec;
   const auto value = json::parse(body, ec);
   const auto *error = !ec && value.is_object() ? value.as_object().if_contains("error") : nullptr;
   const auto *message =
       error && error->is_object() ? error->as_object().if_contains("message") : nullptr;
   return message && message->is_string() ? std::string(message->as_string()) : body.substr(0, 200);
}

Check verdict(const Endpoint &endpoint, const std::string &model, const Answer &answer) {
   const std::string id = "claude.api";
   const std::string where = endpoint.base_url;
   if (!answer.error.empty())
      return fail(id, "cannot reach " + where, answer.error,
                  "check the network, proxy and DNS for " + egress_of(endpoint) +
                      ", or ANTHROPIC_BASE_URL",
                  Scope::Claude);
   const std::string status = "HTTP " + std::to_string(answer.status);
   if (answer.status == 200)
      return ok(id, where + " answered a 1-token request for " + model, Scope::Claude);
   if (answer.status == 429 || answer.status == 529)
      return warn(id, where + " is busy (" + status + ")", error_message(answer.body),
                  "the credentials work; wait, or lower the rollout percentage", Scope::Claude);
   if (answer.status == 401 || answer.status == 403)
      return fail(id, where + " refused the credentials (" + status + ")",
                  error_message(answer.body), "check ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN)",
                  Scope::Claude);
   return fail(id, where + " answered " + status, error_message(answer.body),
               "check PMAT_CLAUDE_MODEL and ANTHROPIC_BASE_URL", Scope::Claude);
}

} // namespace

Check check_api(const BridgeSetup &bridge) {
   const auto endpoint = parse_endpoint(configured_base_url());
   if (!endpoint)
      return fail("claude.api", "no request sent", "the endpoint is not an http(s) URL",
                  "see claude.endpoint", Scope::Claude);
   const std::string model = configured_model(bridge);
   if (model.empty())
      return fail("claude.api", "no request sent",
                  "no model: PMAT_CLAUDE_MODEL is unset and the "
                  "bridge's default could not be read",
                  "set PMAT_CLAUDE_MODEL", Scope::Claude);
   const auto probe = find_probe();
   if (!probe)
      return fail("claude.api", "no request sent",
                  "pmat-api-probe was not found (looked beside pmat-host, in its prefix's "
                  "libexec/pmat and in " PMAT_DOCTOR_INSTALL_API_PROBE ")",
                  "install the pmat-host package again, or build the pmat-api-probe target",
                  Scope::Claude);
   const auto started = std::chrono::steady_clock::now();
   const Answer answer = ask_probe(*probe, *endpoint, model);
   Check check = verdict(*endpoint, model, answer);
   check.data = {{"status", answer.status},
                 {"model", model},
                 {"elapsed_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now() - started)
                                    .count()}};
   return check;
}

} // namespace pmat::doctor
