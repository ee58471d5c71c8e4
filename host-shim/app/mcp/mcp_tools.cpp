// SPDX-License-Identifier: MIT
#include "mcp_tools.hpp"

#include "jsonrpc.hpp"

#include <core/analyze_change.hpp>
#include <core/api_error.hpp>
#include <core/claude_fields.hpp>

#include <report/report.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace pmat::mcp {
namespace {

namespace json = boost::json;

json::object string_property(const char *description) {
   return {{"type", "string"}, {"description", description}};
}

json::object enum_property(const char *description, std::initializer_list<const char *> values) {
   json::array options;
   for (const char *v : values)
      options.push_back(json::value(v));
   return {{"type", "string"}, {"description", description}, {"enum", std::move(options)}};
}

json::object engine_property() {
   return enum_property("Engine: auto (rollout flags decide), native or claude",
                        {"auto", "native", "claude"});
}

json::object profile_property() {
   return enum_property("Quality gate profile", {"default", "strict"});
}

json::object typed_property(const char *type, const char *description) {
   return {{"type", type}, {"description", description}};
}

// The analysis tools' properties: engine, profile and the Claude knobs.
void add_analysis_properties(json::object &properties) {
   properties["engine"] = engine_property();
   properties["profile"] = profile_property();
   properties["model"] = string_property("Claude's model (default: the plugin's claude.model)");
   properties["claude_timeout"] =
       typed_property("number", "Claude's deadline per file in seconds, decimals allowed");
   properties["max_output_tokens"] =
       typed_property("integer", "Claude's output budget per file, in tokens");
   properties["max_cost_usd"] = typed_property(
       "number", "The run's Claude budget in USD: once spent, the remaining files are native "
                 "with fallback_reason budget-exhausted");
   properties["require_claude"] = typed_property(
       "boolean", "Fail (isError, claude_unavailable) when native answered where Claude was "
                  "wanted; analyze_path names the first such file");
}

// The options of every analysis tool: engine, profile, the Claude knobs, and how Claude's
// findings count.
json::object with_options(json::object properties) {
   add_analysis_properties(properties);
   properties["min_confidence"] = {
       {"type", "number"},
       {"minimum", 0},
       {"maximum", 1},
       {"description", "Drop Claude findings below this confidence (default 0.6)"}};
   properties["instructions"] = string_property(
       "The repository's review rules for Claude (e.g. the text of .pmat/review.md)");
   properties["fail_on_claude"] =
       enum_property("Claude findings at or above this severity fail the gate (default: never)",
                     {"info", "warning", "error", "critical"});
   return properties;
}

json::object tool(const char *name, const char *title, const char *description,
                  json::object properties, json::array required, bool read_only) {
   return {{"name", name},
           {"title", title},
           {"description", description},
           {"inputSchema",
            {{"type", "object"}, {"properties", std::move(properties)}, {"required", required}}},
           {"annotations", {{"readOnlyHint", read_only}, {"openWorldHint", false}}}};
}

// Optional string argument; a present non-string is invalid params.
std::string argument(const json::object &arguments, const char *key, const char *fallback) {
   const auto *value = arguments.if_contains(key);
   if (!value || value->is_null())
      return fallback;
   if (!value->is_string())
      throw rpc::Error(rpc::k_invalid_params,
                       std::string("argument '") + key + "' must be a string");
   return std::string(value->get_string());
}

std::string required_argument(const json::object &arguments, const char *key) {
   if (!arguments.contains(key))
      throw rpc::Error(rpc::k_invalid_params, std::string("argument '") + key + "' is required");
   return argument(arguments, key, "");
}

json::object text_result(std::string text, bool is_error) {
   json::object text_item{{"type", "text"}, {"text", std::move(text)}};
   return {{"content", json::array{std::move(text_item)}}, {"isError", is_error}};
}

// `value` as the tool's structuredContent, and as its text: `text` (value serialised).
json::object structured_result(std::string text, json::object value) {
   json::object result = text_result(std::move(text), false);
   result["structuredContent"] = std::move(value);
   return result;
}

json::object structured_result(json::object value) {
   std::string text = json::serialize(value);
   return structured_result(std::move(text), std::move(value));
}

double number_argument(const json::object &arguments, const char *key, double fallback) {
   const auto *value = arguments.if_contains(key);
   if (!value || value->is_null())
      return fallback;
   if (!value->is_number())
      throw rpc::Error(rpc::k_invalid_params,
                       std::string("argument '") + key + "' must be a number");
   return value->to_number<double>();
}

// The per-request options every analysis tool takes.
app::AnalyzeOptions analyze_options(const json::object &arguments) {
   app::AnalyzeOptions options;
   options.engine = argument(arguments, "engine", "auto");
   options.profile = argument(arguments, "profile", "default");
   options.min_confidence = number_argument(arguments, "min_confidence", options.min_confidence);
   options.fail_on_claude = argument(arguments, "fail_on_claude", "");
   options.instructions = argument(arguments, "instructions", "");
   try {
      app::read_claude_fields(arguments, options);
   } catch (const app::ApiError &e) {
      throw rpc::Error(rpc::k_invalid_params, e.what());
   }
   const std::string error = app::options_error(options);
   if (!error.empty())
      throw rpc::Error(rpc::k_invalid_params, error);
   return options;
}

// analyze_diff's `files`: {path: new text}.
std::map<std::string, std::string> files_argument(const json::object &arguments) {
   std::map<std::string, std::string> files;
   const auto *value = arguments.if_contains("files");
   if (!value || value->is_null())
      return files;
   if (!value->is_object())
      throw rpc::Error(rpc::k_invalid_params, "argument 'files' must be an object of path: text");
   for (const auto &[path, text] : value->get_object()) {
      if (!text.is_string())
         throw rpc::Error(rpc::k_invalid_params, "argument 'files' must map each path to its text");
      files[std::string(path)] = std::string(text.get_string());
   }
   return files;
}

json::object analyze_diff(const ToolContext &context, const json::object &arguments,
                          const ProgressFn &progress, const std::atomic<bool> &cancelled) {
   app::DiffRequest request;
   request.diff = required_argument(arguments, "diff");
   request.files = files_argument(arguments);
   request.base = argument(arguments, "base", "diff");
   request.options = analyze_options(arguments);
   request.options.keep_result_json = true; // the report is structuredContent
   const auto review = app::review_diff(
       context.session, request,
       [&progress](const app::FileProgress &step) { progress(step.done, step.total); }, cancelled);
   return structured_result(report::json_report(review.outcomes, review.options));
}

json::object analyze_code(const ToolContext &context, const json::object &arguments) {
   app::AnalyzeRequest request;
   request.source.content = required_argument(arguments, "content");
   request.has_content = true;
   request.source.language = required_argument(arguments, "language");
   request.source.path = argument(arguments, "path", "");
   request.options = analyze_options(arguments);
   request.options.keep_result_json = true; // the result is structuredContent
   auto gated = app::analyze_with_gate(context.session, context.roots, context.max_file_bytes,
                                       std::move(request));
   return structured_result(std::move(gated.text), std::move(*gated.json));
}

json::object analyze_path(const ToolContext &context, const json::object &arguments,
                          const ProgressFn &progress, const std::atomic<bool> &cancelled) {
   const std::string path = argument(arguments, "path", ".");
   return structured_result(
       analyze_path_report(context, path, analyze_options(arguments), progress, cancelled));
}

json::object metrics_result(const ToolContext &context, pmat_metrics_format format) {
   return text_result(context.session.metrics(format).text_or_throw(), false);
}

json::object get_metrics(const ToolContext &context, const json::object &arguments) {
   const std::string format = argument(arguments, "format", "prometheus");
   if (format == "json")
      return metrics_result(context, PMAT_METRICS_JSON);
   if (format == "openmetrics")
      return metrics_result(context, PMAT_METRICS_OPENMETRICS);
   if (format == "prometheus")
      return metrics_result(context, PMAT_METRICS_PROMETHEUS_TEXT);
   throw rpc::Error(rpc::k_invalid_params, "format must be prometheus, openmetrics or json");
}

json::object shim_status(const ToolContext &context) {
   return json::parse(context.session.status().text_or_throw()).as_object();
}

json::object rollout_status(const ToolContext &context) {
   return structured_result(shim_status(context));
}

json::object reload_plugin(const ToolContext &context) {
   const std::string refusal = context.session.reload();
   if (!refusal.empty())
      return text_result("reload refused: " + refusal + " (the previous build keeps serving)",
                         true);
   const json::object status = shim_status(context);
   return structured_result({{"reloaded", true}, {"generation", status.at("generation")}});
}

json::object dispatch(const ToolContext &context, const std::string &name,
                      const json::object &arguments, const ProgressFn &progress,
                      const std::atomic<bool> &cancelled) {
   if (name == "analyze_code")
      return analyze_code(context, arguments);
   if (name == "analyze_path")
      return analyze_path(context, arguments, progress, cancelled);
   if (name == "analyze_diff")
      return analyze_diff(context, arguments, progress, cancelled);
   if (name == "get_metrics")
      return get_metrics(context, arguments);
   if (name == "get_rollout_status")
      return rollout_status(context);
   if (name == "reload_plugin" && context.admin)
      return reload_plugin(context);
   throw rpc::Error(rpc::k_invalid_params, "unknown tool '" + name + "'");
}

} // namespace

json::array tool_list(bool admin) {
   json::array tools{
       tool("analyze_code", "Analyze source code",
            "Complexity (cyclomatic, cognitive), SATD and quality-gate result for one source "
            "buffer, in pmat's per-file JSON shape.",
            with_options({{"content", string_property("Source code to analyze")},
                          {"language", enum_property("Language of the content",
                                                     {"c", "cpp", "rust", "python", "javascript",
                                                      "typescript", "go", "java"})},
                          {"path", string_property("File name to report (optional)")}}),
            {"content", "language"}, true),
       tool("analyze_path", "Analyze files",
            "pmat's complexity report for a file or a directory (recursively, honouring "
            ".gitignore) under the server's allowed roots. Sends progress notifications.",
            with_options({{"path", string_property("File or directory, relative to the first "
                                                   "allowed root (default: the whole root)")}}),
            {}, true),
       tool(
           "analyze_diff", "Review a change",
           "pmat's report for the files a unified diff changes, the quality gate counting only "
           "violations in functions that touch changed lines. Send the new text of each "
           "modified or renamed file in `files`; an added file can come from the diff alone. "
           "Deleted, binary and submodule entries are listed, not analysed. Sends progress "
           "notifications.",
           with_options(
               {{"diff", string_property("A unified diff (git diff, or diff -u with a/ b/ paths)")},
                {"files",
                 {{"type", "object"},
                  {"description", "Path after the change -> the file's new text"},
                  {"additionalProperties", {{"type", "string"}}}}},
                {"base", string_property("What the diff is against, shown in the report")}}),
           {"diff"}, true),
       tool("get_metrics", "Plugin metrics", "The plugin's and the host shim's metrics.",
            {{"format", enum_property("Output format", {"prometheus", "openmetrics", "json"})}}, {},
            true),
       tool("get_rollout_status", "Rollout status",
            "The plugin generation serving now, generations still draining and the reload "
            "history.",
            {}, {}, true)};
   if (admin)
      tools.push_back(tool("reload_plugin", "Reload the plugin",
                           "Re-read the plugin file and swap to it if its content changed.", {}, {},
                           false));
   return tools;
}

json::object call_tool(const ToolContext &context, const std::string &name,
                       const json::object &arguments, const ProgressFn &progress,
                       const std::atomic<bool> &cancelled) {
   try {
      return dispatch(context, name, arguments, progress, cancelled);
   } catch (const app::ApiError &e) {
      return text_result(e.code + ": " + e.what(), true);
   } catch (const rpc::Error &) {
      throw;
   } catch (const std::exception &e) {
      return text_result(std::string("internal: ") + e.what(), true);
   }
}

} // namespace pmat::mcp
