#include "claude_check.hpp"

#include "endpoint.hpp"
#include "settings.hpp"

#include <fstream>
#include <iterator>
#include <regex>

namespace pmat::doctor {
namespace {

const char *const k_key_fix = "export ANTHROPIC_API_KEY=... in the environment pmat-host runs in "
                              "(for the service: systemctl edit pmat-host, "
                              "Environment=ANTHROPIC_API_KEY=...)";

Check key_check() {
   for (const char *name : {"ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"})
      if (env_value(name))
         return ok("claude.key", std::string(name) + " is set (not shown)", Scope::Claude);
   if (env_value("ANTHROPIC_BASE_URL"))
      return warn("claude.key", "no API key or token",
                  "ANTHROPIC_BASE_URL is set, so requests go there without credentials "
                  "(a local proxy or fake may not need them)",
                  k_key_fix, Scope::Claude);
   return fail("claude.key", "no API key or token",
               "requests routed to Claude answer with the native result "
               "(fallback_reason not-configured)",
               k_key_fix, Scope::Claude);
}

Check endpoint_check() {
   const std::string base = configured_base_url();
   const bool configured = env_value("ANTHROPIC_BASE_URL").has_value();
   const auto endpoint = parse_endpoint(base);
   if (!endpoint)
      return fail("claude.endpoint", base + " is not an http(s) URL",
                  "the workers cannot call it and the sandbox cannot allow it",
                  "set ANTHROPIC_BASE_URL to http(s)://host[:port][/path], or unset it",
                  Scope::Claude);
   Check check = ok("claude.endpoint",
                    base + (configured ? " (ANTHROPIC_BASE_URL)" : " (default)") + ", egress " +
                        egress_of(*endpoint),
                    Scope::Claude);
   check.data = {{"base_url", base}, {"egress", egress_of(*endpoint)}};
   return check;
}

Check model_check(const BridgeSetup &bridge) {
   const auto configured = env_value("PMAT_CLAUDE_MODEL");
   const std::string model = configured_model(bridge);
   const std::string engine = env_value("PMAT_CLAUDE_ENGINE").value_or("messages-api");
   if (engine != "messages-api" && engine != "agent-sdk")
      return warn("claude.model", "PMAT_CLAUDE_ENGINE=" + engine + " is not a bridge engine",
                  "the bridge falls back to messages-api",
                  "set PMAT_CLAUDE_ENGINE to messages-api or agent-sdk, or unset it",
                  Scope::Claude);
   Check check = ok("claude.model",
                    (model.empty() ? "the bridge's default" : model) +
                        (configured ? " (PMAT_CLAUDE_MODEL)" : " (bridge default)") +
                        ", bridge engine " + engine,
                    Scope::Claude);
   check.data = {{"model", model}, {"bridge_engine", engine}};
   return check;
}

} // namespace

std::string configured_model(const BridgeSetup &bridge) {
   if (auto model = env_value("PMAT_CLAUDE_MODEL"))
      return *model;
   std::ifstream in(bridge.entry);
   const std::string script((std::istreambuf_iterator<char>(in)), {});
   static const std::regex k_default(R"(DEFAULT_MODEL\s*=\s*['"]([^'"]+)['"])");
   std::smatch match;
   return std::regex_search(script, match, k_default) ? match[1].str() : std::string();
}

void check_claude_config(const BridgeSetup &bridge, Checks &out) {
   out.push_back(key_check());
   out.push_back(endpoint_check());
   out.push_back(model_check(bridge));
}

} // namespace pmat::doctor
