#include "engine_router.hpp"

#include "claude/settings.hpp"

namespace pmat::plugin {
namespace {

constexpr std::uint64_t k_default_deadline_ms = 60'000;

std::string string_field(const boost::json::object &object, const char *key) {
   const auto *value = object.if_contains(key);
   return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

bool skipped(const boost::json::object &result) {
   const auto *value = result.if_contains("skipped");
   return value && value->is_bool() && value->get_bool();
}

// Why Claude will not be asked although the request wants it; empty when it will be.
std::string refusal(const boost::json::object &result) {
   if (skipped(result))
      return "file-skipped";
   if (!claude::credentials_configured())
      return "not-configured";
   return {};
}

void fall_back(boost::json::object &result, const std::string &reason) {
   result["fallback_reason"] = reason;
}

} // namespace

void add_claude_review(std::string_view content, const AnalyzeOptions &options, Runtime &rt,
                       boost::json::object &result) {
   // Auto follows the rollout flags, whose default strategy (upstream's) is Disabled.
   if (options.engine != Engine::Claude)
      return;
   if (const std::string reason = refusal(result); !reason.empty())
      return fall_back(result, reason);
   std::string path = string_field(result, "path");
   claude::BatchItem item{path.empty() ? "untitled" : std::move(path),
                          string_field(result, "language"), std::string(content)};
   const auto outcome =
       rt.claude().analyze(std::move(item), options.deadline_ms.value_or(k_default_deadline_ms));
   if (outcome.code != 0) {
      fall_back(result, claude::fallback_reason(outcome));
      result["claude_error"] = {
          {"code", outcome.code},
          {"name", pmat_status_name(outcome.code) ? pmat_status_name(outcome.code) : "Unknown"},
          {"message", outcome.message}};
      return;
   }
   boost::json::object review = outcome.answer;
   review["request"] = outcome.context;
   result["claude"] = std::move(review);
   result["engine"] = "claude";
}

} // namespace pmat::plugin
